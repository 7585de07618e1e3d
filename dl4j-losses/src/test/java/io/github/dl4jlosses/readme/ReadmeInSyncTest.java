package io.github.dl4jlosses.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README shows the code between {@code README:begin} and {@code README:end} of
 * SameDiffReadmeSnippetTest; this fails when the two drift apart, so the README can't show code
 * that no longer compiles.
 */
class ReadmeInSyncTest {
    @Test
    void readmeShowsTheCompiledSameDiffSnippet() throws IOException {
        Path module = Paths.get("").toAbsolutePath();
        Path source = module.resolve("src/test/java/io/github/dl4jlosses/readme/SameDiffReadmeSnippetTest.java");
        String readme = Files.readString(module.resolveSibling("README.md"), StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int begin = -1, end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("// README:begin")) begin = i;
            if (lines.get(i).trim().equals("// README:end")) end = i;
        }
        assertTrue(begin >= 0 && end > begin, "markers in " + source);
        String snippet = lines.subList(begin + 1, end).stream().map(String::strip).collect(Collectors.joining("\n"));
        String shown = readme.lines().map(String::strip).collect(Collectors.joining("\n"));
        assertTrue(shown.contains(snippet), "README.md must show the snippet of " + source.getFileName()
                + " verbatim (copy lines " + (begin + 2) + "-" + end + ")");
    }
}

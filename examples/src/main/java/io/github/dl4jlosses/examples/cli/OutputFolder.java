package io.github.dl4jlosses.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code -o/--out} folder, made ready before any data is read or any epoch is trained: a run that can
 * not write its results should fail in the first second, not after training.
 */
final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * Creates {@code out} (and its parents) if needed and checks that {@code files} can be written into it.
     *
     * @throws IOException naming {@code -o/--out}, the path and what is wrong with it
     */
    static Path prepare(Path out, List<String> files) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException("expected -o/--out to be a folder, got the file " + out);
        }
        for (Path above = out.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
            if (Files.exists(above)) {
                if (!Files.isDirectory(above)) {
                    throw new IOException("cannot create the -o/--out folder " + out + ": " + above + " is a file");
                }
                break;
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IOException("cannot create the -o/--out folder " + out + ": " + ErrorLine.text(e), e);
        }
        for (String name : files) {
            if (Files.isDirectory(out.resolve(name))) {
                throw new IOException("cannot write " + name + " into the -o/--out folder " + out + ": "
                        + out.resolve(name) + " is a folder");
            }
        }
        // Permissions alone do not say it (read-only mounts, ACLs): try it.
        try {
            Files.delete(Files.createTempFile(out, ".write-check", ".tmp"));
        } catch (IOException e) {
            throw new IOException("cannot write into the -o/--out folder " + out + ": " + ErrorLine.text(e), e);
        }
        return out;
    }
}

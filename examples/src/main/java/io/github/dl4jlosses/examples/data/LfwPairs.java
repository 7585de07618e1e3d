package io.github.dl4jlosses.examples.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * LFW's {@code pairs.txt} (Huang et al. 2007, "Labeled Faces in the Wild"): a header
 * {@code <folds> <pairsPerFold>}, then for each fold {@code pairsPerFold} matched lines
 * {@code name n1 n2} followed by {@code pairsPerFold} mismatched lines {@code name1 n1 name2 n2}
 * (fields separated by tabs or spaces). Image {@code n} of {@code name} is
 * {@code root/name/name_NNNN.jpg}.
 * <p>
 * Parsing checks everything before any training starts: a malformed line, a line out of place
 * (a mismatched line among the matched ones of a fold, or the reverse), a wrong line count, or a
 * pair naming an image that does not exist — each an {@link IOException} with the file, the line
 * number and, for a missing image, its path.
 */
public final class LfwPairs {

    /** One verification pair. */
    public static final class Pair {
        public final int fold;
        public final boolean same;
        public final Path left;
        public final Path right;
        public final String leftPerson;
        public final String rightPerson;
        public final int line;

        Pair(int fold, boolean same, Path left, Path right, String leftPerson, String rightPerson, int line) {
            this.fold = fold;
            this.same = same;
            this.left = left;
            this.right = right;
            this.leftPerson = leftPerson;
            this.rightPerson = rightPerson;
            this.line = line;
        }
    }

    private final List<Pair> pairs;
    private final int folds;

    private LfwPairs(List<Pair> pairs, int folds) {
        this.pairs = Collections.unmodifiableList(pairs);
        this.folds = folds;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    public int folds() {
        return folds;
    }

    /** Everyone named in the pairs (kept out of training for an open-set evaluation). */
    public Set<String> people() {
        Set<String> names = new LinkedHashSet<>();
        for (Pair p : pairs) {
            names.add(p.leftPerson);
            names.add(p.rightPerson);
        }
        return names;
    }

    /** Image {@code n} (1-based) of {@code person} under {@code root}. */
    public static Path imagePath(Path root, String person, int n) {
        return root.resolve(person).resolve(String.format("%s_%04d.jpg", person, n));
    }

    public static LfwPairs parse(Path pairsFile, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "LFW image folder not found");
        }
        if (!Files.isRegularFile(pairsFile)) {
            throw new NoSuchFileException(pairsFile.toString(), null, "LFW pairs file not found");
        }
        List<String> lines = Files.readAllLines(pairsFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw error(pairsFile, 1, "expected a header '<folds> <pairsPerFold>', got an empty file");
        }
        String[] header = fields(lines.get(0));
        int folds, perFold;
        try {
            if (header.length != 2) throw new NumberFormatException();
            folds = Integer.parseInt(header[0]);
            perFold = Integer.parseInt(header[1]);
            if (folds < 1 || perFold < 1) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw error(pairsFile, 1, "expected a header '<folds> <pairsPerFold>' of two positive integers, got '"
                    + lines.get(0).trim() + "'");
        }
        List<Pair> pairs = new ArrayList<>();
        int expected = folds * 2 * perFold;
        int index = 0;
        for (int ln = 2; ln <= lines.size(); ln++) {
            String text = lines.get(ln - 1).trim();
            if (text.isEmpty()) continue;
            if (index >= expected) {
                throw error(pairsFile, ln, "expected " + expected + " pair lines (" + folds + " folds × 2 × "
                        + perFold + "), got more: '" + text + "'");
            }
            int fold = index / (2 * perFold);
            boolean shouldMatch = index % (2 * perFold) < perFold;
            pairs.add(pair(pairsFile, root, ln, text, fold, shouldMatch));
            index++;
        }
        if (index != expected) {
            throw error(pairsFile, lines.size(), "expected " + expected + " pair lines (" + folds + " folds × 2 × "
                    + perFold + "), got " + index);
        }
        return new LfwPairs(pairs, folds);
    }

    private static Pair pair(Path file, Path root, int ln, String text, int fold, boolean shouldMatch)
            throws IOException {
        String[] f = fields(text);
        boolean matched = f.length == 3;
        if (f.length != 3 && f.length != 4) {
            throw error(file, ln, "expected 'name n1 n2' (matched) or 'name1 n1 name2 n2' (mismatched), got '"
                    + text + "'");
        }
        if (matched != shouldMatch) {
            throw error(file, ln, "expected a " + (shouldMatch ? "matched 'name n1 n2'" : "mismatched 'name1 n1 name2 n2'")
                    + " line at this position of fold " + (fold + 1) + ", got '" + text + "'");
        }
        String leftPerson = f[0];
        String rightPerson = matched ? f[0] : f[2];
        int n1 = number(file, ln, f[1], text);
        int n2 = number(file, ln, matched ? f[2] : f[3], text);
        Path left = imagePath(root, leftPerson, n1);
        Path right = imagePath(root, rightPerson, n2);
        for (Path p : new Path[]{left, right}) {
            if (!Files.isRegularFile(p)) {
                throw error(file, ln, "names an image that does not exist: " + p);
            }
        }
        return new Pair(fold, matched, left, right, leftPerson, rightPerson, ln);
    }

    private static int number(Path file, int ln, String s, String text) throws IOException {
        try {
            int n = Integer.parseInt(s);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw error(file, ln, "expected an image number >= 1, got '" + s + "' in '" + text + "'");
        }
    }

    private static String[] fields(String line) {
        return line.trim().split("\\s+");
    }

    private static IOException error(Path file, int line, String message) {
        return new IOException(file + ":" + line + ": " + message);
    }
}

package io.github.dl4jlosses.examples.data;

import io.github.dl4jlosses.examples.train.DataSplit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LfwReaderTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = tmp.resolve("lfw");
        LfwTree.write(root, "Ada_Lovelace", 3, 1);
        LfwTree.write(root, "Alan_Turing", 2, 2);
        LfwTree.write(root, "Grace_Hopper", 1, 3);
        LfwTree.write(root, "Edsger_Dijkstra", 4, 4);
    }

    private static final List<String> GOOD = Arrays.asList(
            "2\t1",
            "Ada_Lovelace\t1\t2",
            "Ada_Lovelace\t1\tAlan_Turing\t2",
            "Alan_Turing 1 2",           // spaces are accepted too
            "Grace_Hopper\t1\tAda_Lovelace\t3");

    @Test
    void parsesFoldsMatchedAndMismatchedPairs() throws IOException {
        LfwPairs pairs = LfwPairs.parse(LfwTree.pairsFile(tmp, GOOD), root);
        assertEquals(2, pairs.folds());
        assertEquals(4, pairs.pairs().size());
        LfwPairs.Pair first = pairs.pairs().get(0);
        assertTrue(first.same);
        assertEquals(0, first.fold);
        assertEquals(root.resolve("Ada_Lovelace/Ada_Lovelace_0001.jpg"), first.left);
        assertEquals(root.resolve("Ada_Lovelace/Ada_Lovelace_0002.jpg"), first.right);
        assertEquals(2, first.line);
        LfwPairs.Pair mismatched = pairs.pairs().get(3);
        assertFalse(mismatched.same);
        assertEquals(1, mismatched.fold);
        assertEquals(root.resolve("Ada_Lovelace/Ada_Lovelace_0003.jpg"), mismatched.right);
        assertEquals(Set.of("Ada_Lovelace", "Alan_Turing", "Grace_Hopper"), pairs.people());
    }

    private void assertPairsError(List<String> lines, String... fragments) throws IOException {
        Path f = LfwTree.pairsFile(tmp, lines);
        IOException e = assertThrows(IOException.class, () -> LfwPairs.parse(f, root));
        for (String frag : fragments) {
            assertTrue(e.getMessage().contains(frag), "«" + e.getMessage() + "» should contain «" + frag + "»");
        }
    }

    @Test
    void badPairsFilesNameTheFileAndLine() throws IOException {
        assertPairsError(Arrays.asList("two\t1"), "pairs.txt:1", "header");
        assertPairsError(Arrays.asList("1\t1", "Ada_Lovelace\t1"), "pairs.txt:2", "expected 'name n1 n2'", "Ada_Lovelace\t1");
        assertPairsError(Arrays.asList("1\t1", "Ada_Lovelace\t1\tx", "Ada_Lovelace\t1\tAlan_Turing\t1"),
                "pairs.txt:2", "image number", "'x'");
        assertPairsError(Arrays.asList("1\t1", "Ada_Lovelace\t1\tAlan_Turing\t1", "Ada_Lovelace\t1\t2"),
                "pairs.txt:2", "expected a matched");
        assertPairsError(Arrays.asList("1\t1", "Ada_Lovelace\t1\t9", "Ada_Lovelace\t1\tAlan_Turing\t1"),
                "pairs.txt:2", "does not exist", "Ada_Lovelace_0009.jpg");
        assertPairsError(Arrays.asList("1\t1", "Ada_Lovelace\t1\t2", "Ada_Lovelace\t1\tNobody\t1"),
                "pairs.txt:3", "does not exist", "Nobody_0001.jpg");
        assertPairsError(Arrays.asList("1\t2", "Ada_Lovelace\t1\t2"), "expected 4 pair lines", "got 1");
    }

    @Test
    void missingFoldersAreClearErrors() {
        Path nowhere = tmp.resolve("nowhere");
        IOException e = assertThrows(IOException.class, () -> LfwPairs.parse(tmp.resolve("pairs.txt"), nowhere));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        e = assertThrows(IOException.class,
                () -> LfwDataset.load(nowhere, new ImageLoader(32, true, 0.5), 2, Collections.emptySet()));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        e = assertThrows(IOException.class, () -> LfwPairs.parse(tmp.resolve("missing-pairs.txt"), root));
        assertTrue(e.getMessage().contains("missing-pairs.txt"), e.getMessage());
    }

    @Test
    void loadsPeopleWithEnoughImagesOutsideTheExcludedOnes() throws IOException {
        ImageLoader loader = new ImageLoader(32, true, 0.6);
        LfwDataset.Loaded loaded = LfwDataset.load(root, loader, 2, Set.of("Alan_Turing"));
        assertEquals(List.of("Ada_Lovelace", "Edsger_Dijkstra"), loaded.people); // Grace has 1 image, Alan excluded
        assertEquals(7, loaded.images.size());
        assertArrayEquals(new int[]{0, 0, 0, 1, 1, 1, 1}, loaded.images.labels());
        assertEquals(32 * 32, loaded.images.featureSize());
        for (int i = 0; i < loaded.images.size(); i++) {
            for (float v : loaded.images.pixels(i)) assertTrue(v >= 0 && v <= 1);
        }
        // the crop keeps the face (a bright oval on dark background): the centre pixel is brighter than the corner
        float[] px = loaded.images.pixels(0);
        assertTrue(px[16 * 32 + 16] > px[0] + 0.1, "centre " + px[16 * 32 + 16] + " corner " + px[0]);
        // RGB keeps three channels
        assertEquals(3 * 16 * 16, new ImageLoader(16, false, 1.0).load(root.resolve("Ada_Lovelace/Ada_Lovelace_0001.jpg")).length);
    }

    @Test
    void unreadableImageStopsWithItsPath() throws IOException {
        Path bad = LfwPairs.imagePath(root, "Ada_Lovelace", 4);
        Files.write(bad, new byte[]{1, 2, 3, 4, 5});
        IOException e = assertThrows(IOException.class,
                () -> LfwDataset.load(root, new ImageLoader(32, true, 0.5), 2, Collections.emptySet()));
        assertTrue(e.getMessage().contains("unreadable image") && e.getMessage().contains("Ada_Lovelace_0004.jpg"), e.getMessage());
    }

    @Test
    void evaluationSplitReadsOnlyThePeopleOfPairsTxt() throws IOException {
        // Edsger_Dijkstra is not in pairs.txt: a training person. A broken image of his must stop a training
        // split (with its path) but cannot matter to an evaluation split, which never reads him.
        Files.write(LfwPairs.imagePath(root, "Edsger_Dijkstra", 2), new byte[]{1, 2, 3});
        Path pairsFile = LfwTree.pairsFile(tmp, GOOD);
        ImageLoader loader = new ImageLoader(16, true, 0.5);

        DataSplit evaluation = DataSplit.lfw(root, pairsFile, loader, 2, false);
        assertNull(evaluation.train);
        assertEquals(4, evaluation.pairs.size());
        assertEquals(6, evaluation.test.size(), "the distinct images named by the 4 pairs");
        assertFalse(evaluation.description.contains("train on"), evaluation.description);

        IOException e = assertThrows(IOException.class, () -> DataSplit.lfw(root, pairsFile, loader, 2, true));
        assertTrue(e.getMessage().contains("Edsger_Dijkstra_0002.jpg"), e.getMessage());

        Files.delete(LfwPairs.imagePath(root, "Edsger_Dijkstra", 2));
        Files.move(LfwPairs.imagePath(root, "Edsger_Dijkstra", 4), LfwPairs.imagePath(root, "Edsger_Dijkstra", 2));
        DataSplit training = DataSplit.lfw(root, pairsFile, loader, 2, true);
        assertNotNull(training.train);
        assertEquals(3, training.train.size());
    }
}

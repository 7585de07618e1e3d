package io.github.dl4jlosses.examples.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which Fashion-MNIST split {@code --fashion-mnist DIR} trains on and which it evaluates on. */
class DataSplitTest {
    @TempDir
    Path tmp;

    /** Writes a gzipped idx pair, as Debian's dataset-fashion-mnist ships it; pixel value of image i = first + i. */
    private static void writeSplit(Path dir, String prefix, int first, int... labels) throws IOException {
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(img);
        i.writeInt(0x0803);
        i.writeInt(labels.length);
        i.writeInt(2);
        i.writeInt(2);
        for (int n = 0; n < labels.length; n++) {
            for (int p = 0; p < 4; p++) i.write(first + n);
        }
        ByteArrayOutputStream lab = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(lab);
        l.writeInt(0x0801);
        l.writeInt(labels.length);
        for (int y : labels) l.write(y);
        gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"), img.toByteArray());
        gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), lab.toByteArray());
    }

    private static void gzip(Path file, byte[] data) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(data);
        }
    }

    @Test
    void withBothSplitsTrainsOnTheTrainingSplitAndEvaluatesOnTheTestSplit() throws IOException {
        writeSplit(tmp, "train", 10, 0, 5, 0, 9, 4);    // pixels 10..14
        writeSplit(tmp, "t10k", 100, 1, 6, 6, 7, 7);    // pixels 100..104
        DataSplit split = DataSplit.fashionMnist(tmp, 0, 0, 1, 1, 42);
        assertArrayEquals(new int[]{0, 0, 4}, split.train.labels());
        assertEquals(10 / 255f, split.train.pixels(0)[0], 1e-6f);
        assertEquals(14 / 255f, split.train.pixels(2)[0], 1e-6f);
        assertArrayEquals(new int[]{6, 6, 7, 7}, split.test.labels());
        assertEquals(101 / 255f, split.test.pixels(0)[0], 1e-6f);
        assertTrue(split.description.contains("training split for training, test split for evaluation"), split.description);
        assertTrue(split.description.contains("(3 images)") && split.description.contains("(4 images)"), split.description);
    }

    @Test
    void withOneSplitTakesBothSidesFromIt() throws IOException {
        writeSplit(tmp, "train", 10, 0, 5, 0, 9, 5);
        DataSplit split = DataSplit.fashionMnist(tmp, 0, 0, 1, 1, 42);
        assertArrayEquals(new int[]{0, 0}, split.train.labels());
        assertArrayEquals(new int[]{5, 9, 5}, split.test.labels());
        assertTrue(split.description.contains("only its training split"), split.description);
    }
}

package io.github.dl4jlosses.examples.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FashionMnistTest {
    @TempDir
    Path tmp;

    @Test
    void bundledTestSplitHasTenBalancedClassesOf28x28() throws IOException {
        LabelledImages all = FashionMnist.bundled();
        assertEquals(10_000, all.size());
        assertEquals(28, all.height());
        assertEquals(28, all.width());
        int[] counts = new int[10];
        for (int y : all.labels()) counts[y]++;
        for (int c : counts) assertEquals(1000, c);
        assertEquals(5000, all.onlyClasses(0, 1, 2, 3, 4).size());
        assertEquals(20, all.firstPerClass(2).size());
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        for (int d : dims) out.writeInt(d);
        out.write(data);
        return b.toByteArray();
    }

    @Test
    void readsHandMadeIdxFiles() throws IOException {
        byte[] images = idx(0x0803, new int[]{2, 2, 2}, new byte[]{0, (byte) 255, 51, 102, 1, 2, 3, 4});
        byte[] labels = idx(0x0801, new int[]{2}, new byte[]{7, 3});
        Files.write(tmp.resolve("t10k-images-idx3-ubyte"), images);
        Files.write(tmp.resolve("t10k-labels-idx1-ubyte"), labels);
        LabelledImages li = FashionMnist.fromDirectory(tmp);
        assertArrayEquals(new int[]{7, 3}, li.labels());
        assertArrayEquals(new float[]{0f, 1f, 0.2f, 0.4f}, li.pixels(0), 1e-6f);
    }

    @Test
    void badIdxInputIsAClearError() throws IOException {
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(
                new ByteArrayInputStream(idx(0x0801, new int[]{2}, new byte[2])), "x.idx"));
        assertTrue(e.getMessage().contains("x.idx") && e.getMessage().contains("3 dimensions"), e.getMessage());
        e = assertThrows(IOException.class, () -> IdxReader.readImages(
                new ByteArrayInputStream(idx(0x0803, new int[]{3, 2, 2}, new byte[5])), "short.idx"));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        e = assertThrows(IOException.class, () -> FashionMnist.fromDirectory(tmp));
        assertTrue(e.getMessage().contains("no Fashion-MNIST idx files"), e.getMessage());
        e = assertThrows(IOException.class, () -> FashionMnist.fromDirectory(tmp.resolve("absent")));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }
}

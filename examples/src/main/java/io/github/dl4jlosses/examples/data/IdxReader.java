package io.github.dl4jlosses.examples.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the idx format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic number whose
 * third byte is the element type (0x08 = unsigned byte) and fourth the number of dimensions, then
 * one int per dimension, then the data. Files may be gzip-compressed (detected by their header).
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** Images of an idx3 file as pixels in [0,1], and their height and width. */
    public static final class Images {
        public final float[][] pixels;
        public final int height;
        public final int width;

        Images(float[][] pixels, int height, int width) {
            this.pixels = pixels;
            this.height = height;
            this.width = width;
        }
    }

    public static Images readImages(InputStream raw, String source) throws IOException {
        try (DataInputStream in = open(raw)) {
            int[] dims = header(in, source, 3);
            int n = dims[0], h = dims[1], w = dims[2];
            float[][] pixels = new float[n][h * w];
            byte[] buf = new byte[h * w];
            for (int i = 0; i < n; i++) {
                readFully(in, buf, source, i);
                for (int k = 0; k < buf.length; k++) {
                    pixels[i][k] = (buf[k] & 0xFF) / 255f;
                }
            }
            return new Images(pixels, h, w);
        }
    }

    public static int[] readLabels(InputStream raw, String source) throws IOException {
        try (DataInputStream in = open(raw)) {
            int n = header(in, source, 1)[0];
            byte[] buf = new byte[n];
            readFully(in, buf, source, 0);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = buf[i] & 0xFF;
            }
            return labels;
        }
    }

    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in)) : in);
    }

    private static int[] header(DataInputStream in, String source, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(source + ": expected an idx file, got an empty or truncated file");
        }
        int type = (magic >> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != 0x08 || dims != expectedDims) {
            throw new IOException(String.format("%s: expected an idx file of unsigned bytes with %d dimensions "
                    + "(magic 0x%08x), got magic 0x%08x", source, expectedDims, 0x0800 | expectedDims, magic));
        }
        int[] sizes = new int[dims];
        for (int k = 0; k < dims; k++) {
            sizes[k] = in.readInt();
        }
        return sizes;
    }

    private static void readFully(DataInputStream in, byte[] buf, String source, int item) throws IOException {
        try {
            in.readFully(buf);
        } catch (EOFException e) {
            throw new IOException(source + ": file ends early, at item " + item);
        }
    }
}

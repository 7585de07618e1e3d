package io.github.dl4jlosses.examples.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images with integer class labels, pixels in [0,1], laid out channel-major ({@code c × h × w}, as
 * DL4J's convolution layers expect); greyscale images have one channel.
 * The in-memory form every reader produces and every trainer step consumes.
 */
public final class LabelledImages {
    private final float[][] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;

    public LabelledImages(float[][] pixels, int[] labels, int height, int width) {
        this(pixels, labels, 1, height, width);
    }

    public LabelledImages(float[][] pixels, int[] labels, int channels, int height, int width) {
        if (pixels.length != labels.length) {
            throw new IllegalArgumentException("expected one label per image, got " + pixels.length
                    + " images and " + labels.length + " labels");
        }
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i].length != channels * height * width) {
                throw new IllegalArgumentException("expected image " + i + " to have " + channels + "×" + height
                        + "×" + width + " = " + channels * height * width + " values, got " + pixels[i].length);
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int size() {
        return labels.length;
    }

    public float[] pixels(int i) {
        return pixels[i];
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    public int channels() {
        return channels;
    }

    /** Values per image: channels × height × width. */
    public int featureSize() {
        return channels * height * width;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The images whose class is in {@code classes}, in their original order, labels unchanged. */
    public LabelledImages onlyClasses(int... classes) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            final int label = labels[i];
            if (Arrays.stream(classes).anyMatch(c -> c == label)) {
                keep.add(i);
            }
        }
        return subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The first {@code n} images of each class (fewer if a class has fewer), in original order. */
    public LabelledImages firstPerClass(int n) {
        int max = Arrays.stream(labels).max().orElse(-1) + 1;
        int[] seen = new int[max];
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (seen[labels[i]]++ < n) {
                keep.add(i);
            }
        }
        return subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    public LabelledImages subset(int[] indices) {
        float[][] p = new float[indices.length][];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            p[k] = pixels[indices[k]];
            l[k] = labels[indices[k]];
        }
        return new LabelledImages(p, l, channels, height, width);
    }
}

package io.github.dl4jlosses.examples.train;

import io.github.dl4jlosses.ops.HostValues;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Random translations (and optionally horizontal flips) of the training images, applied to every
 * input of a batch (each branch of a pair or triplet gets its own draw).
 * <p>
 * Why: with five training classes the tower otherwise learns whatever separates those classes,
 * which need not transfer. Shift (and flip) invariance is a property of images in general, so it
 * is something the seen classes can teach that the unseen ones also use: a nearest-neighbour
 * search then finds a same-class image even when it is placed a few pixels off, which is exactly
 * where comparing raw pixels fails. Only training batches are augmented; test images never are.
 * <p>
 * Images are flat rows of {@code c·h·w} values (channel-major); vacated pixels are 0, the
 * background of Fashion-MNIST (and black for faces). Draws come from one seeded generator, so a
 * run is reproducible.
 */
public final class ImageAugmentation implements MultiDataSetPreProcessor {
    private static final long serialVersionUID = 1L;

    private final int channels;
    private final int height;
    private final int width;
    private final int maxShift;
    private final boolean flip;
    private final Random random;

    public ImageAugmentation(int channels, int height, int width, int maxShift, boolean flip, long seed) {
        if (maxShift < 0) throw new IllegalArgumentException("expected a shift >= 0, got " + maxShift);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.maxShift = maxShift;
        this.flip = flip;
        this.random = new Random(seed);
    }

    /** True if this would change anything (a shift above 0 or flips). */
    public boolean isActive() {
        return maxShift > 0 || flip;
    }

    @Override
    public void preProcess(MultiDataSet batch) {
        for (int i = 0; i < batch.numFeatureArrays(); i++) {
            batch.setFeatures(i, augment(batch.getFeatures(i)));
        }
    }

    private INDArray augment(INDArray rows) {
        float[][] in = HostValues.floatRows(rows);
        float[][] out = new float[in.length][];
        for (int r = 0; r < in.length; r++) {
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            boolean mirror = flip && random.nextBoolean();
            out[r] = shift(in[r], dy, dx, mirror);
        }
        return Nd4j.createFromArray(out).castTo(rows.dataType());
    }

    /** The image moved by (dy, dx) pixels, mirrored left-right first if asked. */
    float[] shift(float[] image, int dy, int dx, boolean mirror) {
        float[] out = new float[image.length];
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                int sy = y - dy;
                if (sy < 0 || sy >= height) continue;
                for (int x = 0; x < width; x++) {
                    int sx = x - dx;
                    if (sx < 0 || sx >= width) continue;
                    if (mirror) sx = width - 1 - sx;
                    out[plane + y * width + x] = image[plane + sy * width + sx];
                }
            }
        }
        return out;
    }
}

package io.github.dl4jlosses.examples.data;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes an image file with ImageIO (JPEG, PNG, BMP, GIF), crops its centre, resizes it
 * (bilinear) to a square and returns channel-major pixels in [0,1], greyscale (luma) or RGB.
 * LFW images are 250×250 with the face in the middle, so a centre crop of about half the side
 * keeps the face and drops most background.
 */
public final class ImageLoader {
    private final int size;
    private final boolean greyscale;
    private final double cropFraction;

    /**
     * @param size         output side in pixels
     * @param greyscale    one luma channel instead of three RGB channels
     * @param cropFraction side of the centre crop as a fraction of the shorter side, in (0,1]
     */
    public ImageLoader(int size, boolean greyscale, double cropFraction) {
        if (size < 1) throw new IllegalArgumentException("expected an image size >= 1, got " + size);
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("expected a crop fraction in (0,1], got " + cropFraction);
        }
        this.size = size;
        this.greyscale = greyscale;
        this.cropFraction = cropFraction;
    }

    public int channels() {
        return greyscale ? 1 : 3;
    }

    public int size() {
        return size;
    }

    public float[] load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("image not found: " + file);
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("unreadable image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new IOException("unreadable image " + file + ": not a format ImageIO can decode");
        }
        return pixels(resize(crop(img)));
    }

    private BufferedImage crop(BufferedImage img) {
        int side = (int) Math.max(1, Math.round(Math.min(img.getWidth(), img.getHeight()) * cropFraction));
        return img.getSubimage((img.getWidth() - side) / 2, (img.getHeight() - side) / 2, side, side);
    }

    private BufferedImage resize(BufferedImage img) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    private float[] pixels(BufferedImage img) {
        int plane = size * size;
        float[] out = new float[channels() * plane];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = img.getRGB(x, y);
                float r = ((rgb >> 16) & 0xFF) / 255f, gr = ((rgb >> 8) & 0xFF) / 255f, b = (rgb & 0xFF) / 255f;
                int k = y * size + x;
                if (greyscale) {
                    out[k] = 0.299f * r + 0.587f * gr + 0.114f * b; // ITU-R BT.601 luma
                } else {
                    out[k] = r;
                    out[plane + k] = gr;
                    out[2 * plane + k] = b;
                }
            }
        }
        return out;
    }
}

package io.github.dl4jlosses.examples.data;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Builds a tiny LFW-shaped tree of generated JPEGs: each person is a distinct shape and colour. */
public final class LfwTree {
    private LfwTree() {
    }

    public static void write(Path root, String person, int images, long seed) throws IOException {
        Path dir = Files.createDirectories(root.resolve(person));
        Random r = new Random(seed);
        Color c = new Color(128 + r.nextInt(128), 128 + r.nextInt(128), 128 + r.nextInt(128)); // brighter than the background
        for (int n = 1; n <= images; n++) {
            BufferedImage img = new BufferedImage(250, 250, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, 250, 250);
            g.setColor(c);
            int jitter = r.nextInt(10);
            g.fillOval(70 + jitter, 60 + jitter, 110, 130);
            g.dispose();
            ImageIO.write(img, "jpg", LfwPairs.imagePath(root, person, n).toFile());
        }
    }

    public static Path pairsFile(Path dir, List<String> lines) throws IOException {
        Path p = dir.resolve("pairs.txt");
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }
}

package io.github.dl4jlosses.examples.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an LFW-layout tree, {@code root/<person>/<person>_NNNN.jpg}, into {@link LabelledImages}
 * (one class per person). Every image is decoded up front, so an unreadable file stops the run
 * before training with its path.
 */
public final class LfwDataset {
    private LfwDataset() {
    }

    /** Result: the images and the person name of each class id. */
    public static final class Loaded {
        public final LabelledImages images;
        public final List<String> people;

        Loaded(LabelledImages images, List<String> people) {
            this.images = images;
            this.people = people;
        }
    }

    /**
     * Loads the people of {@code root} that have at least {@code minImages} images and are not in
     * {@code exclude} (e.g. everyone named in pairs.txt, for an open-set protocol).
     */
    public static Loaded load(Path root, ImageLoader loader, int minImages, Collection<String> exclude)
            throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "LFW image folder not found");
        }
        List<Path> personDirs;
        try (Stream<Path> s = Files.list(root)) {
            personDirs = s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        }
        List<float[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> people = new ArrayList<>();
        for (Path dir : personDirs) {
            String person = dir.getFileName().toString();
            if (exclude.contains(person)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted()
                        .collect(Collectors.toList());
            }
            if (files.size() < minImages) continue;
            int id = people.size();
            people.add(person);
            for (Path f : files) {
                pixels.add(loader.load(f));
                labels.add(id);
            }
        }
        if (people.isEmpty()) {
            throw new IOException("no person folder under " + root + " has at least " + minImages
                    + " .jpg images (outside the " + exclude.size() + " people kept for evaluation)");
        }
        return new Loaded(new LabelledImages(pixels.toArray(new float[0][]),
                labels.stream().mapToInt(Integer::intValue).toArray(), loader.channels(), loader.size(), loader.size()),
                people);
    }
}

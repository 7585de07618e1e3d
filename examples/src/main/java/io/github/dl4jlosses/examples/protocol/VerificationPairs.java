package io.github.dl4jlosses.examples.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Verification pairs in folds, as LFW's View 2 arranges them: each fold holds {@code perFold}
 * matched pairs (two different images of one class) and {@code perFold} mismatched pairs (images of
 * two classes). Indices refer to a list of images; the pairs of one fold never repeat a pair.
 */
public final class VerificationPairs {
    public final int[] left;
    public final int[] right;
    public final boolean[] same;
    public final int[] fold;
    public final int folds;

    public VerificationPairs(int[] left, int[] right, boolean[] same, int[] fold, int folds) {
        if (left.length != right.length || left.length != same.length || left.length != fold.length) {
            throw new IllegalArgumentException("expected equal lengths of left, right, same and fold, got "
                    + left.length + ", " + right.length + ", " + same.length + ", " + fold.length);
        }
        this.left = left;
        this.right = right;
        this.same = same;
        this.fold = fold;
        this.folds = folds;
    }

    public int size() {
        return left.length;
    }

    /**
     * Random folds over images with class {@code labels}, seeded. Each fold's images are drawn from the
     * whole set (as LFW draws from all people); needs a class with two images and two classes.
     */
    public static VerificationPairs random(int[] labels, int folds, int perFold, long seed) {
        Map<Integer, List<Integer>> byClass = new HashMap<>();
        for (int i = 0; i < labels.length; i++) byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        List<Integer> pairable = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) if (e.getValue().size() >= 2) pairable.add(e.getKey());
        if (pairable.isEmpty() || byClass.size() < 2) {
            throw new IllegalArgumentException("expected at least two classes and one class with two images, got "
                    + byClass.size() + " classes and " + pairable.size() + " with two or more images");
        }
        pairable.sort(null);
        List<Integer> classes = new ArrayList<>(byClass.keySet());
        classes.sort(null);
        Random rnd = new Random(seed);
        int n = folds * 2 * perFold;
        int[] l = new int[n], r = new int[n], f = new int[n];
        boolean[] s = new boolean[n];
        int k = 0;
        for (int fo = 0; fo < folds; fo++) {
            for (int p = 0; p < 2 * perFold; p++, k++) {
                boolean matched = p < perFold;
                if (matched) {
                    List<Integer> members = byClass.get(pairable.get(rnd.nextInt(pairable.size())));
                    int a = rnd.nextInt(members.size());
                    int b = (a + 1 + rnd.nextInt(members.size() - 1)) % members.size();
                    l[k] = members.get(a);
                    r[k] = members.get(b);
                } else {
                    int ca = rnd.nextInt(classes.size());
                    int cb = (ca + 1 + rnd.nextInt(classes.size() - 1)) % classes.size();
                    List<Integer> ma = byClass.get(classes.get(ca)), mb = byClass.get(classes.get(cb));
                    l[k] = ma.get(rnd.nextInt(ma.size()));
                    r[k] = mb.get(rnd.nextInt(mb.size()));
                }
                s[k] = matched;
                f[k] = fo;
            }
        }
        return new VerificationPairs(l, r, s, f, folds);
    }
}

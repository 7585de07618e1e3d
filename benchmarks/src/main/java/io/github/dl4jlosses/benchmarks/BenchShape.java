package io.github.dl4jlosses.benchmarks;

/** A benchmark shape {@code "BxD"}: batch rows B and embedding width D. */
public final class BenchShape {
    /** The shapes of issue 9, as JMH {@code @Param} values. */
    public static final String S128x128 = "128x128";
    public static final String S512x128 = "512x128";
    public static final String S1024x512 = "1024x512";

    public final int batch;
    public final int dim;

    private BenchShape(int batch, int dim) {
        this.batch = batch;
        this.dim = dim;
    }

    /** Parses {@code "BxD"}, e.g. {@code "512x128"}. */
    public static BenchShape parse(String s) {
        String[] parts = s.toLowerCase().split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected a shape BxD such as 512x128, got '" + s + "'");
        }
        return new BenchShape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }

    @Override
    public String toString() {
        return batch + "x" + dim;
    }
}

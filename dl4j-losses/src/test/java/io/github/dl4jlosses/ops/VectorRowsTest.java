package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.HostKernels;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorRows} against double loops: the softmax on widths around the vector lengths (tails of 8- and 16-lane
 * loops), logits whose exponentials underflow, {@code −∞} entries, in place, and matrices split among threads; squared
 * norms, scaled rows and the way back through a normalisation likewise; on the vector kernel here, on the plain loops in
 * {@link VectorRowsPlainTest}. The default test run has {@code --add-modules jdk.incubator.vector} (the vector kernel must
 * load there); the run on oneDNN's natives has not (the vector kernel must stay off there, and the plain loops run).
 */
@ExtendWith(HostKernels.class)
class VectorRowsTest {
    /** The kernel this class's tests run: the vector kernel ({@link VectorRowsPlainTest}: the plain loops). */
    String route() {
        return "vector";
    }

    /** Turns {@link #route}'s kernel on for a test of it; skips the test where it is not available. */
    void onHost() {
        HostKernels.useHostPassRoute(route());
    }

    /**
     * Each probability of the softmax of {@code v}'s rows (in double loops) to FLOAT's rounding, and exactly 0 where the
     * loops give 0. The kernel rounds {@code x − max} to FLOAT first, which moves {@code exp} by up to half a unit of
     * that difference's last place, relatively ({@code 6e-8·|x − max|}); exp and the row's sum round once more each.
     * Each row's log-sum-exp {@code lse} (what the kernel returns) likewise.
     */
    private static void assertMatchesLoops(double[][] v, INDArray got, float[] lse) {
        double[][] p = RandomArrays.toDouble(got);
        for (int i = 0; i < v.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v[i]) max = Math.max(max, x);
            double sum = 0;
            for (double x : v[i]) sum += Math.exp(x - max);
            double logSumExp = max + Math.log(sum);
            assertEquals(logSumExp, lse[i], 1e-6 * (1 + Math.abs(logSumExp) + Math.abs(max)), "log-sum-exp " + i);
            for (int j = 0; j < v[i].length; j++) {
                double expected = Math.exp(v[i][j] - max) / sum;
                double tolerance = (expected == 0 ? 0 : expected * (1e-6 + 6e-8 * Math.abs(v[i][j] - max)))
                        + 2 * Float.MIN_VALUE;
                assertEquals(expected, p[i][j], tolerance, "p " + i + "," + j);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1} scale {2}")
    @CsvSource({"1,2,1", "3,1,1", "3,7,1", "5,15,3", "5,16,3", "5,17,3", "7,33,1", "9,100,40", "4,64,1000", "2,1000,8",
            "400,200,5"})
    void matchesLoops(int rows, int columns, double scale) {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, rows * 31L + columns, rows, columns).muli(scale);
        INDArray before = x.dup();
        INDArray p = Nd4j.createUninitialized(DataType.FLOAT, rows, columns);
        float[] lse = VectorRows.softmax(x, p);
        assertMatchesLoops(RandomArrays.toDouble(x), p, lse);
        assertEquals(before, x, "the logits are left as they were");
    }

    /** In place, and with {@code −∞} entries (SupCon's left-out diagonal): exactly 0 there, the rest as without them. */
    @Test
    void inPlaceWithMinusInfinity() {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 3, 20, 37).muli(4);
        for (int i = 0; i < 20; i++) {
            x.putScalar(i, i, Double.NEGATIVE_INFINITY);
        }
        double[][] v = RandomArrays.toDouble(x);
        float[] lse = VectorRows.softmax(x, x);
        assertMatchesLoops(v, x, lse);
        assertEquals(0.0, x.getDouble(5, 5), 0.0);
    }

    /**
     * A matrix large enough to be split among threads gives each row bit for bit what the row gives on its own, so
     * the result does not depend on the split (or on the number of cores).
     */
    @Test
    void splitAmongThreadsAsRowByRow() {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 4, 300, 257).muli(20);
        INDArray p = x.ulike();
        VectorRows.softmax(x, p);
        for (int i : new int[]{0, 149, 150, 151, 299}) {
            INDArray row = x.getRow(i, true).dup();
            VectorRows.softmax(row, row);
            assertArrayEquals(row.toFloatVector(), p.getRow(i).toFloatVector(), "row " + i);
        }
    }

    /**
     * Squared norms, rows scaled by a factor each, and {@code g − a·(g·u)·u} times a factor, against loops, on widths
     * around the vector lengths and a matrix split among threads.
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"3,1", "5,15", "5,16", "4,33", "2,1000", "400,200"})
    void rowPassesMatchLoops(int rows, int columns) {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, rows + 7L * columns, rows, columns);
        INDArray g = RandomArrays.gaussian(DataType.FLOAT, rows + 11L * columns, rows, columns);
        double[][] xs = RandomArrays.toDouble(x);
        double[][] gs = RandomArrays.toDouble(g);
        float[] factor = new float[rows];
        float[] along = new float[rows];
        for (int i = 0; i < rows; i++) {
            factor[i] = 0.5f + i % 3;
            along[i] = i % 4 == 0 ? 0 : 1;
        }
        float[] squared = VectorRows.squaredNorms(x);
        float[] sums = VectorRows.rowSums(x);
        INDArray scaled = x.ulike();
        VectorRows.scale(x, factor, scaled);
        VectorRows.removeAlong(g, x, along, factor);
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            double plain = 0;
            double absolute = 0;
            double dot = 0;
            double size = 0;
            for (int j = 0; j < columns; j++) {
                plain += xs[i][j];
                absolute += Math.abs(xs[i][j]);
                sum += xs[i][j] * xs[i][j];
                dot += gs[i][j] * xs[i][j];
                size += Math.abs(gs[i][j] * xs[i][j]);
            }
            assertEquals(sum, squared[i], 1e-6 * sum, "squared norm " + i);
            assertEquals(plain, sums[i], 1e-6 * absolute, "row sum " + i);
            for (int j = 0; j < columns; j++) {
                assertEquals(factor[i] * xs[i][j], scaled.getDouble(i, j), 1e-6 * Math.abs(factor[i] * xs[i][j]),
                        "scaled " + i + "," + j);
                double expected = (gs[i][j] - along[i] * dot * xs[i][j]) * factor[i];
                double tolerance = 1e-6 * factor[i] * (Math.abs(gs[i][j]) + size * Math.abs(xs[i][j]));
                assertEquals(expected, g.getDouble(i, j), tolerance, "removed " + i + "," + j);
            }
        }
    }

    /**
     * The scaled softmax against the diagonal (InfoNCE's pass over raw products) against double loops: the loss
     * {@code log Σ_j exp(s_ij) − s_ii} and {@code w_ij·(p_ij − [i = j])}, with {@code s_ij = w_ij·c_ij},
     * {@code w_ij = rowScale_i·colScale_j}, on sizes around the vector lengths and one split among threads.
     */
    @ParameterizedTest(name = "{0}x{0} logits up to {1}")
    @CsvSource({"2,1", "7,3", "16,10", "17,30", "33,5", "100,60", "400,14"})
    void scaledSoftmaxAgainstDiagonalMatchesLoops(int n, double spread) {
        onHost();
        INDArray c = RandomArrays.gaussian(DataType.FLOAT, n + 5L, n, n).muli(2.0);
        float[] rowScale = new float[n];
        float[] colScale = new float[n];
        java.util.Random random = new java.util.Random(n);
        for (int i = 0; i < n; i++) {
            rowScale[i] = (float) (spread * (0.1 + random.nextDouble()));
            colScale[i] = (float) (0.5 + random.nextDouble());
        }
        double[][] v = RandomArrays.toDouble(c);
        float[] loss = VectorRows.scaledSoftmaxAgainstDiagonal(c, rowScale, colScale);
        double[][] h = RandomArrays.toDouble(c);
        for (int i = 0; i < n; i++) {
            double[] s = new double[n];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                s[j] = (double) rowScale[i] * colScale[j] * v[i][j];
                max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(s[j] - max);
            double expectedLoss = max + Math.log(sum) - s[i];
            assertEquals(expectedLoss, loss[i], 1e-5 * (1 + Math.abs(expectedLoss) + Math.abs(s[i])), "loss " + i);
            for (int j = 0; j < n; j++) {
                double w = (double) rowScale[i] * colScale[j];
                double p = Math.exp(s[j] - max) / sum;
                double expected = w * (p - (i == j ? 1 : 0));
                // s_j = w·c rounds to FLOAT (relative 6e-8 of |s_j|), and so does the maximum: exp moves by their sum
                double tolerance = w * (1e-6 + p * (1e-6 + 1.2e-7 * (Math.abs(s[j]) + Math.abs(max))))
                        + 2 * Float.MIN_VALUE;
                assertEquals(expected, h[i][j], tolerance, "h " + i + "," + j);
            }
        }
    }

    /**
     * The masked softmax of {@code scale·(x + shift)} against double loops, with and without the extra 0 logit, in place
     * and into another array: logits far beyond FLOAT's {@code exp} range both ways (the kernel shifts by the row's
     * largest kept logit), a row that keeps nothing, a row that keeps one entry in the vector tail, widths around the
     * vector lengths and a matrix split among threads.
     */
    @ParameterizedTest(name = "{0}x{1} scale {2}, add one {3}")
    @CsvSource({"3,1,1,true", "4,15,3,false", "5,16,-40,true", "5,17,40,false", "6,33,500,true", "6,33,-500,false",
            "400,131,30,true", "400,131,2,false"})
    void maskedSoftmaxMatchesLoops(int rows, int columns, float scale, boolean addOne) {
        onHost();
        float shift = -0.25f;
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, rows * 13L + columns, rows, columns);
        INDArray mask = edgyMask(rows, columns, rows + 3L * columns, 0.25);
        double[][] v = RandomArrays.toDouble(x);
        double[][] k = RandomArrays.toDouble(mask);
        boolean inPlace = rows % 2 == 0;
        INDArray out = inPlace ? x : x.ulike();
        VectorRows.MaskedRows got = VectorRows.maskedSoftmax(x, mask, scale, shift, addOne, out);
        double[][] p = RandomArrays.toDouble(out);
        for (int i = 0; i < rows; i++) {
            double[] s = new double[columns];
            double max = addOne ? 0 : Double.NEGATIVE_INFINITY;
            int kept = 0;
            for (int j = 0; j < columns; j++) {
                s[j] = (double) scale * (float) (v[i][j] + shift);              // the kernel rounds x + shift first
                if (k[i][j] == 1) {
                    max = Math.max(max, s[j]);
                    kept++;
                }
            }
            double sum = addOne ? Math.exp(-max) : 0;
            for (int j = 0; j < columns; j++) if (k[i][j] == 1) sum += Math.exp(s[j] - max);
            double lse = kept == 0 ? 0 : max + Math.log(sum);
            double shiftSize = kept == 0 ? 0 : Math.abs(max);
            assertEquals(kept, got.kept[i], 0.0, "kept " + i);
            assertEquals(lse, got.logSumExp[i], 1e-6 * (1 + Math.abs(lse) + shiftSize), "lse " + i);
            for (int j = 0; j < columns; j++) {
                double expected = k[i][j] == 1 ? Math.exp(s[j] - lse) : 0;
                double tolerance = expected * (1e-6 + 1.2e-7 * (Math.abs(s[j]) + shiftSize)) + 2 * Float.MIN_VALUE;
                assertEquals(expected, p[i][j], tolerance, "p " + i + "," + j);
            }
        }
    }

    /**
     * Masked row extremes ({@code ∓∞} for a row that keeps nothing) and the entries beyond each row's threshold, against
     * loops: widths around the vector lengths, one-entry rows in the tail, a NaN threshold, entries equal to their
     * threshold, a split among threads; on the vector kernel and as plain loops.
     */
    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({"3,1,vector", "4,15,vector", "5,16,vector", "5,17,vector", "6,33,vector", "400,131,vector",
            "3,1,plain", "5,17,plain", "400,131,plain"})
    void maskedExtremesAndThresholdsMatchLoops(int rows, int columns, String route) {
        HostKernels.useHostPassRoute(route);
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, rows * 17L + columns, rows, columns);
        INDArray mask = edgyMask(rows, columns, rows + 5L * columns, 0.0);
        float[] threshold = new float[rows];
        for (int i = 0; i < rows; i++) {
            threshold[i] = i == 2 ? Float.NaN : (float) (0.3 * (i % 5) - 0.6);
            if (i > 0 && i != 2) {                             // row 0 keeps nothing; row 2's threshold is NaN
                x.putScalar(i, columns - 1, threshold[i]);    // a kept entry equal to its threshold: beyond neither way
                mask.putScalar(i, columns - 1, 1.0);
            }
        }
        INDArray maskBefore = mask.dup();
        double[][] v = RandomArrays.toDouble(x);
        double[][] k = RandomArrays.toDouble(mask);
        float[] largest = VectorRows.maskedExtremes(x, mask, true);
        float[] smallest = VectorRows.maskedExtremes(x, mask, false);
        double[][] above = RandomArrays.toDouble(VectorRows.keepBeyond(x, mask, threshold, true));
        double[][] below = RandomArrays.toDouble(VectorRows.keepBeyond(x, mask, threshold, false));
        for (int i = 0; i < rows; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < columns; j++) {
                if (k[i][j] == 1) {
                    max = Math.max(max, v[i][j]);
                    min = Math.min(min, v[i][j]);
                }
                assertEquals(k[i][j] == 1 && v[i][j] > threshold[i] ? 1 : 0, above[i][j], 0.0, "above " + i + "," + j);
                assertEquals(k[i][j] == 1 && v[i][j] < threshold[i] ? 1 : 0, below[i][j], 0.0, "below " + i + "," + j);
            }
            assertEquals(max, largest[i], 0.0, "largest " + i);
            assertEquals(min, smallest[i], 0.0, "smallest " + i);
        }
        assertEquals(maskBefore, mask, "the mask is left as it was");
    }

    /**
     * A random 0/1 FLOAT mask (1 where a standard normal draw exceeds {@code above}) whose row 0 keeps nothing and row 1
     * keeps only its last entry (in the vector loops' tail).
     */
    private static INDArray edgyMask(int rows, int columns, long seed, double above) {
        INDArray mask = RandomArrays.gaussian(DataType.FLOAT, seed, rows, columns).gt(above).castTo(DataType.FLOAT);
        mask.getRow(0).assign(0);
        if (rows > 1) {
            mask.getRow(1).assign(0);
            mask.putScalar(1, columns - 1, 1.0);
        }
        return mask;
    }

    /** {@code x + xᵀ} against a double loop, bands of 32 rows with tails, split among threads at 300×300; x is kept. */
    @ParameterizedTest(name = "{0}x{0}")
    @ValueSource(ints = {2, 5, 33, 70, 300})
    void addTransposedMatchesLoops(int n) {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 7L * n, n, n);
        INDArray before = x.dup();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, n);
        assertSame(out, VectorRows.addTransposed(x, out));
        float[][] v = x.toFloatMatrix();
        float[][] got = out.toFloatMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(v[i][j] + v[j][i], got[i][j], 0f, i + "," + j);
            }
        }
        assertEquals(before, x, "x is left as it was");
        IllegalArgumentException square = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.addTransposed(Nd4j.zeros(DataType.FLOAT, 2, 3), Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertTrue(square.getMessage().contains("expected a square matrix"), square.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorRows.addTransposed(x, x));
    }

    @Test
    void refusesWhatItCannotRead() {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 5, 8, 8);
        INDArray view = x.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.softmax(view, Nd4j.createUninitialized(DataType.FLOAT, 4, 8)));
        assertTrue(e.getMessage().contains("expected FLOAT matrices of one shape"), e.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.scale(x, new float[3], x));
        assertTrue(rows.getMessage().contains("one value per row, 8, got 3"), rows.getMessage());
        assertFalse(VectorRows.accepts(x.castTo(DataType.DOUBLE)), "DOUBLE stays with libnd4j");
        IllegalArgumentException picked = assertThrows(IllegalArgumentException.class,
                () -> VectorRows.pickedDifferences(x, x, new int[]{0, 1, 2, 3, 4, 5, 6, 8}, new float[8], 1, true));
        assertTrue(picked.getMessage().contains("expected row indices in [0, 8), got 8"), picked.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> VectorRows.pickedDifferences(x, x.dup(), new int[8], new float[8], 1, true));
        assertThrows(IllegalArgumentException.class, () -> VectorRows.softmax(x, x.reshape(4, 16).dup()));
        VectorRows.setEnabled(false);
        assertFalse(VectorRows.accepts(x), "turned off");
        assertFalse(VectorRows.acceptsOnHost(x), "every host pass turned off");
        assertThrows(IllegalArgumentException.class, () -> VectorRows.addRows(x, new int[8], x.dup()));
    }

    /**
     * The kernel loads exactly where the JVM has the Vector API on an x86-64 CPU with AVX2 (the default test run, started
     * with the module, on this project's CI machines), and never without the module (the run on oneDNN's natives); the
     * host passes, the softmax among them, run in both, as plain loops without the module.
     */
    @Test
    void loadsWhereTheModuleIs() throws IOException {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String arch = System.getProperty("os.arch");
        Path cpuinfo = Path.of("/proc/cpuinfo");
        boolean avx2 = Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains(" avx2");
        assertEquals(module && ("amd64".equals(arch) || "x86_64".equals(arch)) && avx2, VectorRows.available(),
                "module " + module + ", " + arch + ", AVX2 " + avx2);
        assertTrue(VectorRows.hostPassesAvailable(), "the host passes run on every JVM");
        VectorRows.setEnabled(true);
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 4);
        assertTrue(VectorRows.acceptsOnHost(x), "plain loops where the vector kernel is not there");
        if (!VectorRows.available()) {
            assertFalse(VectorRows.accepts(x), "nothing goes to a vector kernel that is not there");
            assertTrue(PlainLoops.inUse());
        }
        INDArray p = Nd4j.createUninitialized(DataType.FLOAT, 4, 4);
        float[] lse = VectorRows.softmax(x, p);
        assertEquals(Nd4j.valueArrayOf(new long[]{4, 4}, 0.25f), p, "equal logits, equal probabilities");
        assertEquals((float) (1 + Math.log(4)), lse[2], 1e-6f);
    }
}

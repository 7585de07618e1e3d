package io.github.dl4jlosses.ops;

import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HostSoftmax} against the softmax in double loops: widths around the vector lengths (tails of 8- and 16-lane
 * loops), logits whose exponentials underflow, {@code −∞} entries, in place, and matrices split among threads. The
 * default test run has {@code --add-modules jdk.incubator.vector} (the kernel must load there); the run on oneDNN's
 * natives has not (the kernel must stay off there, and the callers take libnd4j's op).
 */
class HostSoftmaxTest {
    private boolean wasEnabled;

    @BeforeEach
    void remember() {
        wasEnabled = HostSoftmax.enabled();
    }

    /** Turns the host softmax on for a test of the kernel; skips it where the kernel is not available. */
    private static void onHost() {
        Assumptions.assumeTrue(HostSoftmax.available(), "the JVM runs without jdk.incubator.vector (or not on x86-64)");
        HostSoftmax.setEnabled(true);
    }

    @AfterEach
    void restore() {
        if (HostSoftmax.available()) {
            HostSoftmax.setEnabled(wasEnabled);
        }
    }

    /**
     * Each probability of the softmax of {@code v}'s rows (in double loops) to FLOAT's rounding, and exactly 0 where the
     * loops give 0. The kernel rounds {@code x − max} to FLOAT first, which moves {@code exp} by up to half a unit of
     * that difference's last place, relatively ({@code 6e-8·|x − max|}); exp and the row's sum round once more each.
     */
    private static void assertMatchesLoops(double[][] v, INDArray got) {
        double[][] p = RandomArrays.toDouble(got);
        for (int i = 0; i < v.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v[i]) max = Math.max(max, x);
            double sum = 0;
            for (double x : v[i]) sum += Math.exp(x - max);
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
        HostSoftmax.softmaxRows(x, p);
        assertMatchesLoops(RandomArrays.toDouble(x), p);
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
        HostSoftmax.softmaxRows(x, x);
        assertMatchesLoops(v, x);
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
        HostSoftmax.softmaxRows(x, p);
        for (int i : new int[]{0, 149, 150, 151, 299}) {
            INDArray row = x.getRow(i, true).dup();
            HostSoftmax.softmaxRows(row, row);
            assertArrayEquals(row.toFloatVector(), p.getRow(i).toFloatVector(), "row " + i);
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        onHost();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 5, 8, 8);
        INDArray view = x.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostSoftmax.softmaxRows(view, Nd4j.createUninitialized(DataType.FLOAT, 4, 8)));
        assertTrue(e.getMessage().contains("expected two FLOAT matrices"), e.getMessage());
        assertFalse(HostSoftmax.accepts(x.castTo(DataType.DOUBLE)), "DOUBLE stays with libnd4j");
        assertThrows(IllegalArgumentException.class, () -> HostSoftmax.softmaxRows(x, x.reshape(4, 16).dup()));
        HostSoftmax.setEnabled(false);
        assertFalse(HostSoftmax.accepts(x), "turned off");
    }

    /**
     * The kernel loads exactly where the JVM has the Vector API on an x86-64 CPU with AVX2 (the default test run, started
     * with the module, on this project's CI machines), and never without the module (the run on oneDNN's natives).
     */
    @Test
    void loadsWhereTheModuleIs() throws IOException {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String arch = System.getProperty("os.arch");
        Path cpuinfo = Path.of("/proc/cpuinfo");
        boolean avx2 = Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains(" avx2");
        assertEquals(module && ("amd64".equals(arch) || "x86_64".equals(arch)) && avx2, HostSoftmax.available(),
                "module " + module + ", " + arch + ", AVX2 " + avx2);
        if (!HostSoftmax.available()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostSoftmax.setEnabled(true));
            assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        }
    }
}

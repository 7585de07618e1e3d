package io.github.dl4jlosses.graph.conv;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WeightGradientOp} against the convolution's weight and bias gradients written out as loops over every
 * sample, output position, channel and kernel tap (double), for one and several input channels, non-square kernels,
 * padding (also wider than the kernel) and dilation; strided convolutions are refused.
 */
class WeightGradientOpTest {

    /** n, c, h, w, o, kernel, stride, pad, dilation. */
    static Stream<Arguments> geometries() {
        Stream<Object[]> g = Stream.of(
                new Object[]{5, 1, 8, 8, 3, new int[]{3, 3}, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}},
                new Object[]{4, 1, 9, 7, 2, new int[]{3, 2}, new int[]{1, 1}, new int[]{1, 0}, new int[]{1, 1}},
                new Object[]{3, 3, 8, 8, 4, new int[]{3, 3}, new int[]{1, 1}, new int[]{1, 1}, new int[]{2, 2}},
                new Object[]{2, 2, 10, 11, 3, new int[]{2, 3}, new int[]{1, 1}, new int[]{2, 1}, new int[]{3, 2}},
                new Object[]{6, 1, 7, 7, 2, new int[]{2, 2}, new int[]{1, 1}, new int[]{3, 0}, new int[]{1, 1}});
        return g.flatMap(a -> Stream.of(DataType.FLOAT, DataType.DOUBLE).map(t -> {
            Object[] withType = java.util.Arrays.copyOf(a, a.length + 1);
            withType[a.length] = t;
            return Arguments.of(withType);
        }));
    }

    @ParameterizedTest(name = "{index}: c={1} {2}x{3} kernel {5} stride {6} pad {7} dilation {8} {9}")
    @MethodSource("geometries")
    void matchesTheGradientWrittenOut(int n, int c, int h, int w, int o, int[] k, int[] s, int[] p, int[] d,
                                      DataType type) {
        int oh = (h + 2 * p[0] - ((k[0] - 1) * d[0] + 1)) / s[0] + 1;
        int ow = (w + 2 * p[1] - ((k[1] - 1) * d[1] + 1)) / s[1] + 1;
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.DOUBLE, n, c, h, w);
        INDArray delta = Nd4j.randn(DataType.DOUBLE, n, o, oh, ow);
        assertTrue(WeightGradientOp.fits(x.shape(), delta.shape(), k, s, p, d));

        INDArray params = Nd4j.zeros(type, 1, o + (long) o * c * k[0] * k[1]);   // as DL4J's gradient views
        INDArray biasGrad = params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 0, true),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, o));
        INDArray weightGrad = params.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(o, params.length())).reshape('c', o, c, k[0], k[1]);
        WeightGradientOp.compute(x.castTo(type), delta.castTo(type), k, p, d, weightGrad, biasGrad,
                LayerWorkspaceMgr.noWorkspaces());

        double[][][][] expectedW = new double[o][c][k[0]][k[1]];
        double[] expectedB = new double[o];
        for (int i = 0; i < n; i++)
            for (int oc = 0; oc < o; oc++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++) {
                        double g = delta.getDouble(i, oc, y, xx);
                        expectedB[oc] += g;
                        for (int ic = 0; ic < c; ic++)
                            for (int a = 0; a < k[0]; a++)
                                for (int b = 0; b < k[1]; b++) {
                                    int row = y * s[0] + a * d[0] - p[0], col = xx * s[1] + b * d[1] - p[1];
                                    if (row >= 0 && row < h && col >= 0 && col < w) {
                                        expectedW[oc][ic][a][b] += g * x.getDouble(i, ic, row, col);
                                    }
                                }
                    }
        double tol = type == DataType.DOUBLE ? 1e-10 : 1e-4;
        for (int oc = 0; oc < o; oc++) {
            assertEquals(expectedB[oc], biasGrad.getDouble(0, oc), tol * Math.max(1, Math.abs(expectedB[oc])), "bias " + oc);
            for (int ic = 0; ic < c; ic++)
                for (int a = 0; a < k[0]; a++)
                    for (int b = 0; b < k[1]; b++)
                        assertEquals(expectedW[oc][ic][a][b], weightGrad.getDouble(oc, ic, a, b),
                                tol * Math.max(1, Math.abs(expectedW[oc][ic][a][b])),
                                "weight " + oc + "," + ic + "," + a + "," + b);
        }
    }

    @Test
    void withoutABiasOnlyTheWeightsAreWritten() {
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 1, 5, 5), delta = Nd4j.randn(DataType.DOUBLE, 2, 2, 3, 3);
        INDArray weightGrad = Nd4j.zeros(DataType.DOUBLE, 2, 1, 3, 3);
        int[] one = {1, 1}, zero = {0, 0};
        WeightGradientOp.compute(x, delta, new int[]{3, 3}, zero, one, weightGrad, null,
                LayerWorkspaceMgr.noWorkspaces());
        double expected = 0;
        for (int i = 0; i < 2; i++)
            for (int y = 0; y < 3; y++)
                for (int xx = 0; xx < 3; xx++) expected += delta.getDouble(i, 1, y, xx) * x.getDouble(i, 0, y + 2, xx + 1);
        assertEquals(expected, weightGrad.getDouble(1, 0, 2, 1), 1e-12);
    }

    @Test
    void aStridedConvolutionDoesNotFit() {
        int[] k = {3, 3}, one = {1, 1}, zero = {0, 0};
        assertTrue(WeightGradientOp.fits(new long[]{2, 1, 9, 9}, new long[]{2, 4, 7, 7}, k, one, zero, one));
        assertFalse(WeightGradientOp.fits(new long[]{2, 1, 9, 9}, new long[]{2, 4, 4, 4}, k, new int[]{2, 2}, zero, one));
        assertFalse(WeightGradientOp.fits(new long[]{2, 1, 9, 9}, new long[]{2, 4, 7, 4}, k, new int[]{1, 2}, zero, one));
    }

    @Test
    void sameModePaddingMoreAtTheBottomDoesNotFit() {
        // SAME with an even kernel pads 0 on top and 1 at the bottom: the symmetric padding the route uses is too small
        int[] k = {2, 2}, one = {1, 1};
        long[] in = {2, 1, 8, 8};
        int[] out = ConvolutionUtils.getOutputSize(Nd4j.create(DataType.FLOAT, in), k, one, null,
                ConvolutionMode.Same, one, CNN2DFormat.NCHW);
        int[] pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[]{8, 8}, k, one, one);
        assertArrayEquals(new int[]{0, 0}, pad);
        assertFalse(WeightGradientOp.fits(in, new long[]{2, 3, out[0], out[1]}, k, one, pad, one));
        // an odd kernel pads alike on both sides
        int[] k3 = {3, 3};
        int[] pad3 = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[]{8, 8}, k3, one, one);
        assertTrue(WeightGradientOp.fits(in, new long[]{2, 3, 8, 8}, k3, one, pad3, one));
    }
}

package io.github.dl4jlosses.graph.pooling;

import io.github.dl4jlosses.ops.OneDnnNatives;
import io.github.dl4jlosses.testutil.Dl4jHelperSwitch;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.apache.commons.lang3.SerializationUtils;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Libnd4jSubsamplingLayer} is DL4J's {@code SubsamplingLayer} with another kernel: the same options (copied,
 * serialised), the same outputs and input gradients as DL4J's layer for every pooling type, mode, padding, dilation
 * and format, and the same as pooling written out by hand. Runs on both natives of the build (generic and oneDNN),
 * so both the own-kernel path and the DL4J path are checked, and on an AVX-512 CPU the oneDNN path of NCHW max
 * pooling.
 */
class Libnd4jSubsamplingLayerTest {

    static List<SubsamplingLayer> configurations() {
        List<SubsamplingLayer> c = new ArrayList<>();
        for (CNN2DFormat f : CNN2DFormat.values()) {
            c.add(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).dataFormat(f).build());
            c.add(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(1, 1).padding(1, 1)
                    .avgPoolIncludePadInDivisor(true).dataFormat(f).build());
            c.add(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 2).stride(2, 1).padding(1, 0)
                    .avgPoolIncludePadInDivisor(false).dataFormat(f).build());
            c.add(new SubsamplingLayer.Builder(PoolingType.PNORM).kernelSize(2, 2).stride(1, 1).pnorm(3).eps(1e-6)
                    .dataFormat(f).build());
            c.add(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Same).dataFormat(f).name("pool-same").build());
            c.add(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1).dilation(2, 2)
                    .dataFormat(f).build());
        }
        return c;
    }

    static Stream<Arguments> configurationsAndTypes() {
        return configurations().stream()
                .flatMap(c -> Stream.of(DataType.FLOAT, DataType.DOUBLE).map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("configurations")
    void replacingCopiesEveryOptionAndSerialisesAlike(SubsamplingLayer dl4j) {
        org.deeplearning4j.nn.conf.layers.Layer replaced = Libnd4jSubsamplingLayer.replacing(dl4j);

        assertInstanceOf(Libnd4jSubsamplingLayer.class, replaced);
        assertEquals(dl4j, replaced, "an option was not copied");
        assertEquals(replaced, dl4j);
        assertNotSame(dl4j.getKernelSize(), ((SubsamplingLayer) replaced).getKernelSize(), "arrays shared");
        assertInstanceOf(Libnd4jSubsamplingLayer.class, replaced.clone());    // DL4J clones configurations often
        assertEquals(dl4j, replaced.clone());
        String ours = new NeuralNetConfiguration.Builder().seed(1).layer(replaced).build().toJson();
        String theirs = new NeuralNetConfiguration.Builder().seed(1).layer(dl4j).build().toJson();
        assertEquals(theirs, ours.replace(Libnd4jSubsamplingLayer.class.getName(), SubsamplingLayer.class.getName()),
                "JSON other than the class name");
        org.deeplearning4j.nn.conf.layers.Layer fromJson = NeuralNetConfiguration.fromJson(ours).getLayer();
        assertInstanceOf(Libnd4jSubsamplingLayer.class, fromJson);
        assertEquals(NeuralNetConfiguration.fromJson(theirs).getLayer(), fromJson);
        org.deeplearning4j.nn.conf.layers.Layer javaCopy = SerializationUtils.clone(replaced);
        assertInstanceOf(Libnd4jSubsamplingLayer.class, javaCopy);
        assertEquals(dl4j, javaCopy);
    }

    @Test
    void replacingLeavesEveryOtherLayerAlone() {
        org.deeplearning4j.nn.conf.layers.Layer[] others = {
                new Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(2).stride(2).build(),
                new ConvolutionLayer.Builder(2, 2).nOut(2).build(),
                new DenseLayer.Builder().nOut(3).build()};
        for (org.deeplearning4j.nn.conf.layers.Layer layer : others) {
            assertSame(layer, Libnd4jSubsamplingLayer.replacing(layer));
        }
        Libnd4jSubsamplingLayer already = new Libnd4jSubsamplingLayer();
        assertSame(already, Libnd4jSubsamplingLayer.replacing(already));
    }

    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("configurationsAndTypes")
    void sameOutputAndInputGradientAsDl4jsLayer(SubsamplingLayer dl4j, DataType type) {
        Layer ours = instantiate(Libnd4jSubsamplingLayer.replacing(dl4j), type);
        Layer theirs = withoutDl4jHelpers(() -> instantiate(dl4j, type));
        boolean nchw = dl4j.getCnn2dDataFormat() == CNN2DFormat.NCHW;
        boolean libnd4jOps = OneDnnNatives.inUse() && (nchw || dilated(dl4j));
        boolean oneDnnKernels = libnd4jOps && nchw && !dilated(dl4j) && dl4j.getPoolingType() == PoolingType.MAX
                && OneDnnNatives.avx512Cpu();
        assertEquals(libnd4jOps && !oneDnnKernels, ((Libnd4jSubsamplingImpl) ours).usesOwnKernels());
        assertEquals(oneDnnKernels, ((Libnd4jSubsamplingImpl) ours).usesOneDnnKernels());
        assertFalse(ours.getHelper() instanceof MKLDNNSubsamplingHelper, "DL4J's oneDNN pooling helper kept");
        INDArray x = RandomArrays.gaussian(type, 11, 3, 2 * 7 * 6).reshape('c', 3, 2, 7, 6);   // [B, C, H, W]
        if (!nchw) x = x.permute(0, 2, 3, 1).dup();

        INDArray[] a = forwardAndBack(ours, x);
        INDArray[] b = forwardAndBack(theirs, x);
        double tol = type == DataType.FLOAT ? 1e-6 : 1e-12;
        assertArrayEquals(b[0].shape(), a[0].shape());
        if (dilatedOnOneDnn(dl4j, type)) {
            // libnd4j's oneDNN pooling (1.0.0-M2.1) drops the dilation; ours is checked in dilatedMaxPoolingIsRight.
            // Fails once a release passes it on: then DL4J's layer and ours agree here too.
            assertFalse(a[0].equalsWithEps(b[0], tol), "DL4J's layer now pools dilated windows on oneDNN");
            return;
        }
        assertTrue(a[0].equalsWithEps(b[0], tol), "outputs differ");
        assertTrue(a[1].equalsWithEps(b[1], tol), "input gradients differ");
    }

    static Stream<Arguments> undilatedMaxPoolings() {
        return configurationsAndTypes().filter(a -> {
            SubsamplingLayer c = (SubsamplingLayer) a.get()[0];
            return c.getPoolingType() == PoolingType.MAX && !dilated(c);
        });
    }

    /**
     * Ties, as after a ReLU (windows of zeros): the input gradient goes where DL4J's layer sends it, whichever kernel
     * pools (libnd4j's own, oneDNN's on an AVX-512 CPU, DL4J's).
     */
    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("undilatedMaxPoolings")
    void maxPoolingTiesGoWhereDl4jSendsThem(SubsamplingLayer dl4j, DataType type) {
        Layer ours = instantiate(Libnd4jSubsamplingLayer.replacing(dl4j), type);
        Layer theirs = withoutDl4jHelpers(() -> instantiate(dl4j, type));
        INDArray x = Transforms.relu(RandomArrays.gaussian(type, 12, 3, 2 * 7 * 6).reshape('c', 3, 2, 7, 6).subi(0.8), false);
        if (dl4j.getCnn2dDataFormat() != CNN2DFormat.NCHW) x = x.permute(0, 2, 3, 1).dup();
        assertTrue(x.eq(0.0).castTo(DataType.INT32).sumNumber().intValue() > x.length() / 2, "the case: mostly zeros");
        INDArray[] a = forwardAndBack(ours, x);
        INDArray[] b = forwardAndBack(theirs, x);
        assertEquals(b[0], a[0], "outputs");
        assertEquals(b[1], a[1], "input gradients");
    }

    /**
     * Why the layer drops DL4J's oneDNN pooling helper: with it, DL4J's own layer back-propagates AVG pooling with
     * padding as if {@code avgPoolIncludePadInDivisor} were false (the helper does not pass it on), so its input
     * gradient is not the gradient of its forward pass. Fails once a DL4J release passes it on.
     */
    @Test
    void dl4jsOneDnnHelperDropsThePadDivisorSetting() {
        assumeTrue(OneDnnNatives.inUse(), "DL4J's oneDNN helpers need ND4J's oneDNN natives");
        SubsamplingLayer conf = new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(1, 1)
                .padding(1, 1).avgPoolIncludePadInDivisor(true).build();
        Layer withHelper = Dl4jHelperSwitch.with("false", () -> instantiate(conf, DataType.FLOAT));
        assertInstanceOf(MKLDNNSubsamplingHelper.class, withHelper.getHelper());
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 12, 2, 2 * 5 * 5).reshape('c', 2, 2, 5, 5);
        INDArray[] helped = forwardAndBack(withHelper, x);
        INDArray[] own = forwardAndBack(Dl4jHelperSwitch.with("true", () -> instantiate(conf, DataType.FLOAT)), x);
        INDArray[] ours = forwardAndBack(instantiate(Libnd4jSubsamplingLayer.replacing(conf), DataType.FLOAT), x);
        assertTrue(helped[0].equalsWithEps(own[0], 1e-6), "the forward passes agree");
        assertFalse(helped[1].equalsWithEps(own[1], 1e-4), "DL4J's oneDNN helper now back-propagates the setting");
        assertTrue(ours[1].equalsWithEps(own[1], 1e-6));
    }

    /** Where DL4J's layer runs oneDNN's pooling (FLOAT, oneDNN natives) with a dilation other than 1. */
    private static boolean dilatedOnOneDnn(SubsamplingLayer conf, DataType type) {
        return OneDnnNatives.inUse() && type == DataType.FLOAT && dilated(conf);
    }

    private static boolean dilated(SubsamplingLayer conf) {
        return conf.getDilation()[0] != 1 || conf.getDilation()[1] != 1;
    }

    /** 2×2 max pooling with dilation 2, stride 1: y[i][j] = max of x at (i, j), (i+2, j), (i, j+2), (i+2, j+2). */
    @ParameterizedTest
    @EnumSource(CNN2DFormat.class)
    void dilatedMaxPoolingIsRight(CNN2DFormat format) {
        SubsamplingLayer conf = new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1)
                .dilation(2, 2).dataFormat(format).build();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 8, 2, 7 * 6).reshape('c', 2, 1, 7, 6);
        INDArray[] got = forwardAndBack(instantiate(Libnd4jSubsamplingLayer.replacing(conf), DataType.FLOAT),
                format == CNN2DFormat.NCHW ? x : x.permute(0, 2, 3, 1).dup());   // one channel: NHWC is a reshape
        if (format == CNN2DFormat.NHWC) {
            got = new INDArray[]{got[0].permute(0, 3, 1, 2), got[1].permute(0, 3, 1, 2)};
        }
        assertArrayEquals(new long[]{2, 1, 5, 4}, got[0].shape());
        INDArray eps = epsilonFor(got[0]);
        INDArray grad = Nd4j.zeros(DataType.FLOAT, x.shape());
        for (int n = 0; n < 2; n++) for (int i = 0; i < 5; i++) for (int j = 0; j < 4; j++) {
            double best = Double.NEGATIVE_INFINITY;
            int bi = 0, bj = 0;
            for (int di = 0; di < 2; di++) for (int dj = 0; dj < 2; dj++) {
                double v = x.getDouble(n, 0, i + 2 * di, j + 2 * dj);
                if (v > best) { best = v; bi = i + 2 * di; bj = j + 2 * dj; }
            }
            assertEquals(best, got[0].getDouble(n, 0, i, j), 1e-6);
            grad.putScalar(new long[]{n, 0, bi, bj}, grad.getDouble(n, 0, bi, bj) + eps.getDouble(n, 0, i, j));
        }
        assertTrue(grad.equalsWithEps(got[1], 1e-5), "input gradient of dilated max pooling");
    }

    /** 2×2 max and average pooling with stride 2 written as loops; the gradient of Σ ε·y. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("twoByTwo")
    void matchesPoolingWrittenOut(PoolingType type) {
        SubsamplingLayer conf = new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build();
        INDArray x = RandomArrays.gaussian(DataType.FLOAT, 5, 2, 3 * 4 * 6).reshape('c', 2, 3, 4, 6);
        INDArray[] got = forwardAndBack(instantiate(Libnd4jSubsamplingLayer.replacing(conf), DataType.FLOAT), x);
        INDArray eps = epsilonFor(got[0]);
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) {
            double best = Double.NEGATIVE_INFINITY, sum = 0;
            int bi = 0, bj = 0;
            for (int di = 0; di < 2; di++) for (int dj = 0; dj < 2; dj++) {
                double v = x.getDouble(n, c, 2 * i + di, 2 * j + dj);
                sum += v;
                if (v > best) { best = v; bi = di; bj = dj; }
            }
            double e = eps.getDouble(n, c, i, j);
            for (int di = 0; di < 2; di++) for (int dj = 0; dj < 2; dj++) {
                double expected = type == PoolingType.MAX ? (di == bi && dj == bj ? e : 0) : e / 4;
                assertEquals(expected, got[1].getDouble(n, c, 2 * i + di, 2 * j + dj), 1e-6);
            }
            assertEquals(type == PoolingType.MAX ? best : sum / 4, got[0].getDouble(n, c, i, j), 1e-6);
        }
    }

    static Stream<PoolingType> twoByTwo() {
        return Stream.of(PoolingType.MAX, PoolingType.AVG);
    }

    /**
     * DL4J's layer on its own path: with the helpers on (as another test or a graph builder leaves them) its backprop
     * would go through DL4J's oneDNN pooling helper, which drops {@code avgPoolIncludePadInDivisor} and so disagrees
     * with the layer's own forward pass for AVG pooling with padding.
     */
    private static Layer withoutDl4jHelpers(java.util.function.Supplier<Layer> create) {
        return Dl4jHelperSwitch.with("true", create);
    }

    private static Layer instantiate(org.deeplearning4j.nn.conf.layers.Layer conf, DataType type) {
        NeuralNetConfiguration nnc = new NeuralNetConfiguration.Builder().dataType(type).layer(conf).build();
        return conf.instantiate(nnc, null, 0, null, true, type);
    }

    /** A fixed, position-dependent ε for an output: differs per element so that misrouted gradients show. */
    private static INDArray epsilonFor(INDArray out) {
        return Nd4j.linspace(out.dataType(), 0.5, 0.01, out.length()).reshape(out.shape());
    }

    /** The layer's output and its input gradient for {@link #epsilonFor}. */
    private static INDArray[] forwardAndBack(Layer layer, INDArray x) {
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, none);
        INDArray out = layer.activate(true, none).dup();
        Pair<Gradient, INDArray> back = layer.backpropGradient(epsilonFor(out), none);
        return new INDArray[]{out, back.getSecond().dup()};
    }
}

package io.github.dl4jlosses.graph.pooling;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One libnd4j pooling op ({@code maxpool2d}, {@code avgpool2d}, {@code pnormpool2d} and their {@code _bp}) with the
 * arguments DL4J's {@code SubsamplingLayer} gives it, executed with libnd4j's platform helpers (oneDNN) on or off for
 * this op only (an {@code OpContext} with {@code allowHelpers}).
 * <p>
 * Why: ND4J's oneDNN natives (1.0.0-M2.1, oneDNN 2.3) hand oneDNN the plain NCHW layout. On an AVX2 CPU oneDNN pools
 * it with its generic {@code simple_nchw} kernel: a 2×2 max pooling of {@code [128,16,24,24]} took 10.3 ms forward and
 * 15.2 ms backward that way against 2.0 and 5.7 ms in libnd4j's own kernel (same results to the bit; a Siamese or
 * Triplet CNN training step 0.7–0.8× the time, README "Training-step levers"). On an AVX-512 CPU it runs its
 * vectorised {@code jit:avx512_core} kernel on that layout: 0.26–0.33 ms forward and 0.73–0.98 ms backward against
 * libnd4j's 0.69–0.86 and 2.7–2.8 ms (2-core Zen 4, both oneDNN natives; same results to the bit).
 */
final class PoolingOp {
    private PoolingOp() {
    }

    /** The op of {@code conf}'s pooling type; {@code backprop} selects the {@code _bp} op. */
    static DynamicCustomOp op(SubsamplingLayer conf, boolean backprop, int[] pad, INDArray out, INDArray... in) {
        PoolingType type = conf.getPoolingType();
        String name;
        int extra;
        switch (type) {
            case MAX:
                name = "maxpool2d";
                extra = 0;
                break;
            case AVG:
                name = "avgpool2d";
                extra = conf.isAvgPoolIncludePadInDivisor() ? 1 : 0;   // as DL4J's layer: 1 divides by the pixels present
                break;
            case PNORM:
                name = "pnormpool2d";
                extra = conf.getPnorm();
                break;
            default:
                throw new IllegalArgumentException("expected pooling type MAX, AVG or PNORM, got " + type);
        }
        int[] k = conf.getKernelSize();
        int[] s = conf.getStride();
        int[] d = conf.getDilation();
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(backprop ? name + "_bp" : name)
                .addInputs(in)
                .addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1],
                        conf.getConvolutionMode() == ConvolutionMode.Same ? 1 : 0, extra,
                        conf.getCnn2dDataFormat() == CNN2DFormat.NCHW ? 0 : 1);
        if (backprop && type == PoolingType.PNORM) {
            b.addFloatingPointArguments(conf.getEps());
        }
        if (out != null) {
            b.addOutputs(out);
        }
        return b.build();
    }

    /** Runs {@code op} (inputs, outputs and arguments set) with or without libnd4j's platform helpers. */
    static void exec(DynamicCustomOp op, boolean helpers) {
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.allowHelpers(helpers);
            ctx.setIArguments(op.iArgs());
            ctx.setTArguments(op.tArgs());
            ctx.setInputArrays(op.inputArguments());
            ctx.setOutputArrays(op.outputArguments());
            Nd4j.exec(op, ctx);
        } catch (Exception e) {
            if (e instanceof RuntimeException) throw (RuntimeException) e;
            throw new IllegalStateException(e);    // OpContext.close() declares Exception
        }
    }
}

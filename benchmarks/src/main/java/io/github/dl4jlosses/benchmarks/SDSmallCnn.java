package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.samediff.SDTower;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link SmallCnn} as a SameDiff {@link SDTower}, with SameDiff's own {@code conv2d} and {@code maxPooling2d}
 * ops: inputs {@code [B, 784]} are reshaped to NCHW {@code [B,1,28,28]}, then conv 5×5 (16) + ReLU, max-pool 2,
 * conv 5×5 (32) + ReLU, max-pool 2, flatten {@code [B,512]}, dense 64 + ReLU, dense 32. Weights are
 * Xavier-normal as DL4J's ({@code 2/(fanIn+fanOut)}, convolution fan-out counted over the kernel), biases 0.
 */
public final class SDSmallCnn implements SDTower {
    /** Width of one flattened input. */
    public static final long INPUT_SIZE = (long) SmallCnn.CHANNELS * SmallCnn.HEIGHT * SmallCnn.WIDTH;
    private static final long FLAT = 32L * 4 * 4;

    private final SameDiff sd;
    private final SDVariable w1, b1, w2, b2, w3, b3, w4, b4;
    private final Conv2DConfig conv = Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1)
            .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
    private final Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
            .paddingMode(PaddingMode.VALID).isNHWC(false).build();

    private SDSmallCnn(SameDiff sd, DataType dataType, long seed) {
        this.sd = sd;
        Nd4j.getRandom().setSeed(seed);
        w1 = sd.var("tower/c1W", xavier(dataType, 25, 25 * 16, 5, 5, 1, 16));
        b1 = sd.var("tower/c1b", Nd4j.zeros(dataType, 16));
        w2 = sd.var("tower/c2W", xavier(dataType, 25 * 16, 25 * 32, 5, 5, 16, 32));
        b2 = sd.var("tower/c2b", Nd4j.zeros(dataType, 32));
        w3 = sd.var("tower/d1W", xavier(dataType, FLAT, 64, FLAT, 64));
        b3 = sd.var("tower/d1b", Nd4j.zeros(dataType, 1, 64));
        w4 = sd.var("tower/d2W", xavier(dataType, 64, SmallCnn.EMBEDDING, 64, SmallCnn.EMBEDDING));
        b4 = sd.var("tower/d2b", Nd4j.zeros(dataType, 1, SmallCnn.EMBEDDING));
    }

    /** A factory for {@code SharedTowerModel} (its input size must be {@link #INPUT_SIZE}). */
    public static SDTower.Factory factory(long seed) {
        return (sd, dataType, inputSize) -> {
            if (inputSize != INPUT_SIZE) {
                throw new IllegalArgumentException("SDSmallCnn: expected inputSize " + INPUT_SIZE + ", got " + inputSize);
            }
            return new SDSmallCnn(sd, dataType, seed);
        };
    }

    @Override
    public SDVariable apply(SDVariable input) {
        SDVariable x = input.reshape(-1, SmallCnn.CHANNELS, SmallCnn.HEIGHT, SmallCnn.WIDTH);
        x = sd.cnn().maxPooling2d(sd.nn().relu(sd.cnn().conv2d(x, w1, b1, conv), 0), pool);
        x = sd.cnn().maxPooling2d(sd.nn().relu(sd.cnn().conv2d(x, w2, b2, conv), 0), pool);
        x = x.reshape(-1, FLAT);
        x = sd.nn().relu(x.mmul(w3).add(b3), 0);
        return x.mmul(w4).add(b4);
    }

    private static INDArray xavier(DataType dataType, long fanIn, long fanOut, long... shape) {
        return Nd4j.randn(dataType, shape).muli(Math.sqrt(2.0 / (fanIn + fanOut)));
    }
}

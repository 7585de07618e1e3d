package io.github.dl4jlosses.graph.pooling;

import io.github.dl4jlosses.ops.OneDnnNatives;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.Collections;
import java.util.Map;

/**
 * The layer of {@link Libnd4jSubsamplingLayer}: DL4J's {@code SubsamplingLayer}, whose forward pass and backprop run
 * libnd4j's pooling ops itself ({@link PoolingOp}) when ND4J's natives have oneDNN and the layer is NCHW or dilated:
 * <ul>
 *   <li>undilated NCHW max pooling on an AVX-512 CPU: libnd4j's op with oneDNN, whose {@code jit:avx512_core} kernel
 *       takes the plain layout ({@link #usesOneDnnKernels});</li>
 *   <li>any other NCHW or dilated layer: libnd4j's own kernels ({@link #usesOwnKernels}), since on an AVX2 CPU oneDNN
 *       pools the plain layout with its slow generic kernel, and libnd4j does not pass the dilation to oneDNN (AVG and
 *       PNORM stay there on every CPU: only max pooling was measured to agree to the bit).</li>
 * </ul>
 * Anywhere else (generic natives, CUDA, undilated NHWC, where oneDNN's pooling is its vectorised one) it is DL4J's
 * layer, except that DL4J's oneDNN pooling helper is never used: its backprop drops {@code avgPoolIncludePadInDivisor}.
 * <p>
 * The backprop goes through DL4J's helper hook (the layer computes SAME-mode padding and casts, then asks the
 * helper); DL4J 1.0.0-M2.1's forward pass never asks its helper, so it is overridden here.
 */
public class Libnd4jSubsamplingImpl extends SubsamplingLayer {
    /** Whether the layer runs libnd4j's pooling ops itself ({@link Libnd4jOps}). */
    private final boolean libnd4jOps;
    /** Whether those ops may hand the pooling to oneDNN (libnd4j's platform helpers). */
    private final boolean oneDnn;

    public Libnd4jSubsamplingImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        int[] dilation = layerConf().getDilation();
        boolean nchw = layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW;
        boolean dilated = dilation[0] != 1 || dilation[1] != 1;
        libnd4jOps = OneDnnNatives.inUse() && (nchw || dilated);
        oneDnn = libnd4jOps && nchw && !dilated && layerConf().getPoolingType() == PoolingType.MAX
                && OneDnnNatives.avx512Cpu();
        if (libnd4jOps) {
            helper = new Libnd4jOps();
        } else if (helper instanceof MKLDNNSubsamplingHelper) {
            // DL4J's oneDNN pooling helper runs the backprop without avgPoolIncludePadInDivisor, so its input gradient
            // disagrees with the layer's forward pass for AVG pooling with padding; DL4J's own path passes it on.
            helper = null;
        }
    }

    /** Whether this layer runs libnd4j's own pooling kernels. */
    public boolean usesOwnKernels() {
        return libnd4jOps && !oneDnn;
    }

    /** Whether this layer runs libnd4j's pooling ops with oneDNN's kernels (NCHW max pooling on an AVX-512 CPU). */
    public boolean usesOneDnnKernels() {
        return oneDnn;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!libnd4jOps || input == null || input.rank() != 4) {
            return super.activate(training, workspaceMgr);     // DL4J's layer, and its messages for a bad input
        }
        return pool(input.castTo(dataType), layerConf().getPadding(), workspaceMgr);
    }

    private INDArray pool(INDArray in, int[] pad, LayerWorkspaceMgr workspaceMgr) {
        DynamicCustomOp op = PoolingOp.op(layerConf(), false, pad, null, in);
        long[] shape = op.calculateOutputShape().get(0).getShape();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
        op.addOutputArgument(out);
        PoolingOp.exec(op, oneDnn);
        return out;
    }

    /** DL4J's helper hook: the backprop with libnd4j's op (and the forward pass, should DL4J ask). */
    private final class Libnd4jOps implements SubsamplingHelper {
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel, int[] strides,
                                                         int[] pad, PoolingType poolingType,
                                                         ConvolutionMode convolutionMode, int[] dilation,
                                                         CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            INDArray atInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                    input.shape(), 'c');
            PoolingOp.exec(PoolingOp.op(layerConf(), true, pad, atInput, input, epsilon), oneDnn);
            return new Pair<>(new DefaultGradient(), atInput);    // no parameters, so no parameter gradients
        }

        @Override
        public INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad,
                                 PoolingType poolingType, ConvolutionMode convolutionMode, int[] dilation,
                                 CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            return pool(input, pad, workspaceMgr);
        }

        @Override
        public boolean checkSupported() {
            return true;
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return Collections.emptyMap();
        }
    }
}

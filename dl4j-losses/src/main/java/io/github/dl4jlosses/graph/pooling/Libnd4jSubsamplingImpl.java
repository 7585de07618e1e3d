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
 * libnd4j's own pooling kernels ({@link PoolingOp}) when ND4J's natives have oneDNN and the layer is NCHW (oneDNN's
 * slow plain-layout kernel) or dilated (libnd4j does not pass the dilation to oneDNN). Anywhere else (generic natives,
 * CUDA, undilated NHWC, where oneDNN's pooling is its vectorised one) it is DL4J's layer, except that DL4J's oneDNN
 * pooling helper is never used: its backprop drops {@code avgPoolIncludePadInDivisor}.
 * <p>
 * The backprop goes through DL4J's helper hook (the layer computes SAME-mode padding and casts, then asks the
 * helper); DL4J 1.0.0-M2.1's forward pass never asks its helper, so it is overridden here.
 */
public class Libnd4jSubsamplingImpl extends SubsamplingLayer {
    private final boolean ownKernels;

    public Libnd4jSubsamplingImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        int[] dilation = layerConf().getDilation();
        ownKernels = OneDnnNatives.inUse() && (layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW
                || dilation[0] != 1 || dilation[1] != 1);
        if (ownKernels) {
            helper = new OwnKernels();
        } else if (helper instanceof MKLDNNSubsamplingHelper) {
            // DL4J's oneDNN pooling helper runs the backprop without avgPoolIncludePadInDivisor, so its input gradient
            // disagrees with the layer's forward pass for AVG pooling with padding; DL4J's own path passes it on.
            helper = null;
        }
    }

    /** Whether this layer runs libnd4j's own pooling kernels (else it is DL4J's layer, without its oneDNN helper). */
    public boolean usesOwnKernels() {
        return ownKernels;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!ownKernels || input == null || input.rank() != 4) {
            return super.activate(training, workspaceMgr);     // DL4J's layer, and its messages for a bad input
        }
        return pool(input.castTo(dataType), layerConf().getPadding(), workspaceMgr);
    }

    private INDArray pool(INDArray in, int[] pad, LayerWorkspaceMgr workspaceMgr) {
        DynamicCustomOp op = PoolingOp.op(layerConf(), false, pad, null, in);
        long[] shape = op.calculateOutputShape().get(0).getShape();
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
        op.addOutputArgument(out);
        PoolingOp.execWithoutHelpers(op);
        return out;
    }

    /** DL4J's helper hook: the backprop with libnd4j's own kernel (and the forward pass, should DL4J ask). */
    private final class OwnKernels implements SubsamplingHelper {
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel, int[] strides,
                                                         int[] pad, PoolingType poolingType,
                                                         ConvolutionMode convolutionMode, int[] dilation,
                                                         CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            INDArray atInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                    input.shape(), 'c');
            PoolingOp.execWithoutHelpers(PoolingOp.op(layerConf(), true, pad, atInput, input, epsilon));
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

package io.github.dl4jlosses.graph.conv;

import lombok.extern.slf4j.Slf4j;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.exception.ND4JOpProfilerException;

/**
 * The layer of {@link TowerConvolutionLayer}: DL4J's {@code ConvolutionLayer} with its own backprop for NCHW.
 * <ul>
 *   <li>without the input gradient ({@link TowerConvolutionLayer#isInputGradient()} false, any natives): the weight
 *   and bias gradients as one forward convolution ({@link WeightGradientOp}); the epsilon returned is {@code null};</li>
 *   <li>with it, where DL4J has a helper (oneDNN, cuDNN): the helper's backward convolution, as DL4J calls it.</li>
 * </ul>
 * In both, a plain ReLU is back-propagated by {@link ActivationBackprop}. Anything else (NHWC, no helper and an input
 * gradient, a geometry {@link WeightGradientOp#fits} refuses, a helper that declines the data type) is DL4J's
 * backprop unchanged.
 */
@Slf4j
public class TowerConvolutionImpl extends ConvolutionLayer {

    public TowerConvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean inputGradient() {
        return !(layerConf() instanceof TowerConvolutionLayer) || ((TowerConvolutionLayer) layerConf()).isInputGradient();
    }

    private boolean helperUsable() {
        return helper != null && (helperCountFail == 0 || !layerConf().isCudnnAllowFallback())
                && (hasBias() || helper instanceof MKLDNNConvHelper)                  // as DL4J's bias-less case
                && (dataType == DataType.FLOAT || !(helper instanceof MKLDNNConvHelper)); // oneDNN: FLOAT only
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (input == null || epsilon == null || input.rank() != 4
                || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            return super.backpropGradient(epsilon, workspaceMgr);        // and DL4J's messages for a bad input
        }
        INDArray in = input.castTo(dataType);
        INDArray eps = epsilon.castTo(dataType);
        int[] kernel = layerConf().getKernelSize();
        int[] strides = layerConf().getStride();
        int[] dilation = layerConf().getDilation();
        int[] pad = layerConf().getPadding();
        if (convolutionMode == ConvolutionMode.Same) {
            int[] outSize = ConvolutionUtils.getOutputSize(in, kernel, strides, null, convolutionMode, dilation,
                    CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[]{(int) in.size(2), (int) in.size(3)},
                    kernel, strides, dilation);
        }
        boolean weightsOnly = !inputGradient()
                && WeightGradientOp.fits(in.shape(), eps.shape(), kernel, strides, pad, dilation);
        if (!weightsOnly && !helperUsable()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }

        INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();
        INDArray delta = ActivationBackprop.delta(layerConf().getActivationFn(), z, eps, workspaceMgr);
        INDArray biasGradView = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        INDArray weightGradView = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        if (weightsOnly) {
            WeightGradientOp.compute(in, delta, kernel, pad, dilation, weightGradView,
                    hasBias() ? biasGradView : null, workspaceMgr);
            Gradient g = new DefaultGradient();
            if (hasBias()) g.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
            g.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
            weightNoiseParams.clear();
            return new Pair<>(g, null);
        }

        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr);
        Pair<Gradient, INDArray> ret;
        try {
            ret = helper.backpropGradient(in, weights, bias, delta, kernel, strides, pad,
                    biasGradView, weightGradView, layerConf().getActivationFn(), layerConf().getCudnnAlgoMode(),
                    layerConf().getCudnnBwdFilterAlgo(), layerConf().getCudnnBwdDataAlgo(), convolutionMode,
                    dilation, CNN2DFormat.NCHW, workspaceMgr);
        } catch (ND4JOpProfilerException e) {
            throw e;
        } catch (RuntimeException e) {
            // DL4J's policy: a memory error is thrown, anything else falls back to DL4J's own path if allowed
            if (e.getMessage() != null && e.getMessage().contains("Failed to allocate")) throw e;
            if (!layerConf().isCudnnAllowFallback()) {
                throw new RuntimeException("Error during " + layerId() + " helper backprop;"
                        + " isCudnnAllowFallback() is set to false", e);
            }
            helperCountFail++;
            log.warn("{}: helper backprop failed, falling back on DL4J's implementation", layerId(), e);
            ret = null;
        }
        if (ret == null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        ret.setSecond(backpropDropOutIfPresent(ret.getSecond()));
        return ret;
    }
}

package io.github.dl4jlosses.heads;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one parameter of a {@link CosineHead}: the class weights {@value #WEIGHT_KEY}, {@code [D, C·K]} in 'c'
 * order (sub-centre k of class c in column {@code c·K + k}), initialised by the layer's weight init (Xavier when
 * none is set; the scale does not matter, the columns are normalised in the forward pass). No bias. The
 * gradient view has the same layout.
 */
public final class CosineHeadParamInitializer implements ParamInitializer {
    /** Parameter key of the class-weight matrix. */
    public static final String WEIGHT_KEY = "W";
    private static final CosineHeadParamInitializer INSTANCE = new CosineHeadParamInitializer();

    private CosineHeadParamInitializer() {
    }

    /** @return the shared instance */
    public static CosineHeadParamInitializer getInstance() {
        return INSTANCE;
    }

    private static long[] shape(Layer layer) {
        CosineHead head = (CosineHead) layer;
        return new long[]{head.getNIn(), head.classes() * head.subCentres()};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        long[] s = shape(layer);
        return s[0] * s[1];
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return Collections.singletonList(WEIGHT_KEY);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.singletonList(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        CosineHead head = (CosineHead) conf.getLayer();
        long[] s = shape(head);
        if (paramsView.length() != s[0] * s[1]) {
            throw new IllegalStateException(head.describe() + ": expected a parameter view of length "
                    + s[0] * s[1] + " (D × C·K), got " + paramsView.length());
        }
        INDArray w = paramsView.reshape('c', s[0], s[1]);
        if (initializeParams) {
            IWeightInit init = head.getWeightInitFn() == null ? new WeightInitXavier() : head.getWeightInitFn();
            init.init(s[0], s[1], s, 'c', w);
        }
        Map<String, INDArray> params = Collections.synchronizedMap(new LinkedHashMap<>());
        params.put(WEIGHT_KEY, w);
        conf.addVariable(WEIGHT_KEY);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        long[] s = shape(conf.getLayer());
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(WEIGHT_KEY, gradientView.reshape('c', s[0], s[1]));
        return out;
    }
}

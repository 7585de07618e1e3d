package io.github.dl4jlosses.graph.dense;

import io.github.dl4jlosses.graph.LayerFields;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * DL4J's {@code DenseLayer} configuration (same options, same JSON fields, {@code equals} a {@code DenseLayer} with the
 * same options) whose layer ({@link TowerDenseImpl}) multiplies through BLAS ({@code Nd4j.gemm}) instead of
 * {@code INDArray.mmuli}, whose matmul op took twice as long or more for a tower's products
 * ({@code [128,512]×[512,64]}: 0.83 against 0.42 ms; {@code [128,64]×[64,32]}: 0.64 against 0.23 ms).
 * <p>
 * The graph builders put it in place of each {@code DenseLayer} of a tower ({@link #replacing}).
 */
public class TowerDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON and {@link #replacing}. */
    public TowerDenseLayer() {
    }

    /**
     * {@code layer} as a {@code TowerDenseLayer} with all its options when it is exactly DL4J's {@code DenseLayer}
     * (not a subclass); any other layer unchanged.
     */
    public static Layer replacing(Layer layer) {
        if (layer == null || layer.getClass() != DenseLayer.class) {
            return layer;
        }
        return LayerFields.copy(DenseLayer.class, (DenseLayer) layer.clone(), new TowerDenseLayer());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> trainingListeners, int layerIndex,
                                                       INDArray layerParamsView, boolean initializeParams,
                                                       DataType networkDataType) {
        LayerValidation.assertNInNOutSet("DenseLayer", getLayerName(), layerIndex, getNIn(), getNOut());
        TowerDenseImpl ret = new TowerDenseImpl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        ret.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public TowerDenseLayer clone() {
        return (TowerDenseLayer) super.clone();
    }
}

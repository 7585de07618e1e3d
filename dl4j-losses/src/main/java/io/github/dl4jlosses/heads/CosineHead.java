package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.loss.LossInputs;
import io.github.dl4jlosses.ops.Broadcast;
import io.github.dl4jlosses.ops.Rows;
import lombok.AccessLevel;
import lombok.NoArgsConstructor;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Configuration shared by the face-recognition heads: an output layer with learnable class weights that scores
 * {@code [B,D]} embeddings against {@code C} classes (K sub-centres each) by cosine similarity.
 * <p>
 * <b>Forward.</b> With {@code x̂ = x/‖x‖} (rows) and {@code Ŵ_j = W_j/‖W_j‖} (columns of the {@code [D, C·K]}
 * weight matrix {@code W}, parameter key {@value CosineHeadParamInitializer#WEIGHT_KEY}):
 * {@code cos = x̂ · Ŵ} ({@code [B, C·K]}, one GEMM). Norms are clamped at {@value #NORM_EPS}, as PyTorch's
 * {@code F.normalize}. Each head defines its loss on {@code cos}; the layer's output (inference) is the cosine
 * matrix {@code [B,C]} (for sub-centres the maximum over each class's K columns), whose arg-max is the predicted
 * class.
 * <p>
 * <b>Backward.</b> From {@code G = d(Σ_i loss_i)/d(cos)}: {@code dx̂ = G·Ŵᵀ}, {@code dŴ = x̂ᵀ·G} (two GEMMs), then
 * through the normalisations {@code dx = (dx̂ − x̂ (x̂·dx̂)) / ‖x‖} and {@code dW_j = (dŴ_j − Ŵ_j (Ŵ_j·dŴ_j)) / ‖W_j‖}.
 * Gradients are those of {@code B × score} (DL4J's convention, its updater divides by the minibatch size).
 * <p>
 * <b>Labels</b> are class ids {@code [B,1]} (integers in {@code [0,C)}) or one-hot {@code [B,C]}; a label mask
 * {@code [B,1]} removes rows (zero loss and gradient; the mean still divides by B, as DL4J's losses do). Every
 * tensor is at most {@code [B, C·K]}; work stays in the network's data type (FLOAT, DOUBLE).
 * <p>
 * <b>Bad configuration</b> (a scale ≤ 0, a margin outside {@code [0, π/2)}, K &lt; 1, …) is an
 * {@link IllegalArgumentException} naming the layer, what was expected and the value: thrown by the builder's
 * {@code build()} and, for configurations read from JSON or a {@code ModelSerializer} zip, when the network
 * instantiates the layer ({@code init()}); both go through {@link #validate()}.
 */
@NoArgsConstructor(access = AccessLevel.PROTECTED) // for JSON deserialization
public abstract class CosineHead extends FeedForwardLayer {
    /** Norms below this are clamped to it (PyTorch's {@code F.normalize} default). */
    public static final double NORM_EPS = 1e-12;

    /**
     * A head with the builder's options.
     * @param builder the options
     */
    protected CosineHead(Builder<?> builder) {
        super(builder);
    }

    /** Sub-centres per class (K); 1 unless the head has sub-centres. */
    public int subCentres() {
        return 1;
    }

    /** The number of classes C (the layer's {@code nOut}). */
    public long classes() {
        return getNOut();
    }

    /**
     * Checks the hyper-parameters (and, once set, {@code nIn}/{@code nOut}); throws
     * {@link IllegalArgumentException} naming this layer, the expectation and the value.
     */
    public void validate() {
        if (getNIn() < 0 || getNOut() < 0) {
            throw new IllegalArgumentException(String.format("%s: expected nIn (D) and nOut (classes C) >= 1, got nIn=%d, nOut=%d",
                    describe(), getNIn(), getNOut()));
        }
    }

    /** Checks that also need nIn and nOut: at instantiation, when the input type has set them. */
    private void validateForInstantiation() {
        validate();
        if (getNIn() < 1 || getNOut() < 1) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected nIn (embedding width D) >= 1 and nOut (number of classes C) >= 1, got nIn=%d, nOut=%d",
                    describe(), getNIn(), getNOut()));
        }
    }

    /** {@link #validate()}'s error unless {@code ok}: this layer, what was {@code expected}, and the {@code value}. */
    void require(boolean ok, String expected, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(String.format("%s: expected %s, got %s", describe(), expected, value));
        }
    }

    /** The layer as messages name it: its type and, when set, its name. */
    protected String describe() {
        return getClass().getSimpleName() + (getLayerName() == null ? "" : " '" + getLayerName() + "'");
    }

    /**
     * The head's loss as a function of the cosine matrix, which it may overwrite (it is not used afterwards).
     *
     * @param cos      {@code [B, C·K]} cosines (sub-centre k of class c in column {@code c·K + k})
     * @param targets  {@code [B, C]} one-hot targets, masked rows all zero
     * @param rowMask  {@code [B,1]} of 0/1
     * @param gradient whether to compute {@code d(Σ loss)/d(cos)}
     */
    abstract CosineTerms lossOnCosines(INDArray cos, INDArray targets, INDArray rowMask, boolean gradient);

    /**
     * The loss (and optionally its gradients) for embeddings {@code x [B,D]} and class weights {@code w [D, C·K]},
     * outside a network: what the layer computes in training. {@code labels}: {@code [B,1]} class ids or
     * {@code [B,C]} one-hot; {@code mask}: {@code [B,1]} or null.
     */
    public HeadResult computeLoss(INDArray x, INDArray w, INDArray labels, INDArray mask, boolean gradient) {
        String who = describe();
        LossInputs.requireMatrix(who, "embeddings", x);
        LossInputs.requireFloatingPoint(who, x);
        LossInputs.requireExampleMask(who, mask, x);
        long cols = classes() * subCentres();
        if (x.size(1) != getNIn() || w == null || w.rank() != 2 || w.size(0) != getNIn() || w.size(1) != cols) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected embeddings [B, %d] and class weights [%d, %d] (D × C·K), got %s and %s", who,
                    getNIn(), getNIn(), cols, Arrays.toString(x.shape()), w == null ? "null" : Arrays.toString(w.shape())));
        }
        DataType type = x.dataType();
        INDArray weights = w.dataType() == type ? w : w.castTo(type);
        INDArray rowMask = mask == null ? Nd4j.ones(type, x.size(0), 1) : mask.reshape(x.size(0), 1).castTo(type);
        INDArray targets = HeadLabels.targets(who, labels, x.size(0), classes(), rowMask, type);

        INDArray xNorm = Rows.norms(x);
        INDArray xScale = Transforms.max(xNorm, NORM_EPS, true);
        INDArray xHat = Broadcast.divColumn(x, xScale);
        INDArray wNorm = weights.norm2(true, 0);
        INDArray wScale = Transforms.max(wNorm, NORM_EPS, true);
        INDArray wHat = weights.divRowVector(wScale);
        INDArray cos = Nd4j.gemm(xHat, wHat, false, false);

        CosineTerms terms = lossOnCosines(cos, targets, rowMask, gradient);
        if (!gradient) {
            return new HeadResult(terms.perExample, null, null);
        }
        INDArray g = terms.cosineGradient;
        INDArray dxHat = Nd4j.gemm(g, wHat, false, true);                       // [B,D]
        INDArray dwHat = Nd4j.gemm(xHat, g, true, false);                       // [D,C·K]
        // Through x̂ = x/max(‖x‖, eps): the projection term only where the norm was not clamped.
        INDArray xDot = Rows.dot(xHat, dxHat).muli(xNorm.gte(NORM_EPS).castTo(type));
        INDArray dx = Broadcast.diviColumn(dxHat.subi(Broadcast.mulColumn(xHat, xDot)), xScale);
        INDArray wDot = wHat.mul(dwHat).sum(true, 0).muli(wNorm.gte(NORM_EPS).castTo(type));
        INDArray dw = dwHat.subi(wHat.muliRowVector(wDot)).diviRowVector(wScale);
        return new HeadResult(terms.perExample, dx, dw);
    }

    /** The cosine matrix {@code [B,C]} (maximum over sub-centres): the layer's output. */
    public INDArray classCosines(INDArray x, INDArray w) {
        INDArray xHat = Broadcast.divColumn(x, Transforms.max(Rows.norms(x), NORM_EPS, true));
        INDArray ww = w.dataType() == x.dataType() ? w : w.castTo(x.dataType());
        INDArray wHat = ww.divRowVector(Transforms.max(ww.norm2(true, 0), NORM_EPS, true));
        INDArray cos = Nd4j.gemm(xHat, wHat, false, false);
        int k = subCentres();
        if (k == 1) {
            return cos;
        }
        return cos.reshape('c', x.size(0) * classes(), k).max(1).reshape(x.size(0), classes());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        validateForInstantiation();
        CosineHeadLayer layer = createLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** The layer implementation (overridden where a head has methods of its own). */
    CosineHeadLayer createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new CosineHeadLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return CosineHeadParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        long perExample = 3 * classes() * subCentres() + 2 * getNIn();   // cos, softmax/exp, gradient; x̂, dx
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, classes() * subCentres(), 0, perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builder of the shared options: {@code nIn} (D, or set from the input type) and {@code nOut} (classes C). */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        /** The number of classes C (same as {@code nOut}). */
        public T classes(long classes) {
            return nOut(classes);
        }

        /**
         * What every head's {@code build()} returns: the head, once {@link CosineHead#validate()} has accepted it.
         * @param head a head made from this builder's options
         * @param <H> the head's type
         * @return {@code head}
         */
        protected static <H extends CosineHead> H validated(H head) {
            head.validate();
            return head;
        }
    }
}

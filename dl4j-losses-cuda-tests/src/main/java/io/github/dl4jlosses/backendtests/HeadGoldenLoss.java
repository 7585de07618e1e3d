package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.heads.HeadResult;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Random;

/**
 * A face-recognition head with fixed class weights, seen as an {@link ILossFunction} of its embeddings, so that
 * the loss goldens (score, per-row scores, gradient w.r.t. the embeddings) cover the heads too. The weights
 * {@code [D, C·K]} are standard normal from {@code java.util.Random(weightSeed)}, the same on every backend;
 * the weights' own gradient is covered by the heads' training trajectories, which update them.
 */
public final class HeadGoldenLoss implements ILossFunction {
    @JsonProperty
    private CosineHead head;
    @JsonProperty
    private long weightSeed;

    /** For Jackson. */
    private HeadGoldenLoss() {
    }

    public HeadGoldenLoss(CosineHead head, long weightSeed) {
        this.head = head;
        this.weightSeed = weightSeed;
    }

    private HeadResult compute(INDArray labels, INDArray preOutput, IActivation act, INDArray mask, boolean grad) {
        INDArray x = act.getActivation(preOutput.dup(), true);
        long d = x.size(1);
        long cols = head.classes() * head.subCentres();
        Random r = new Random(weightSeed);
        double[][] w = new double[(int) d][(int) cols];
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        CosineHead sized = (CosineHead) head.clone();
        sized.setNIn(d);
        return sized.computeLoss(x, Nd4j.createFromArray(w).castTo(x.dataType()), labels, mask, grad);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation act, INDArray mask, boolean average) {
        HeadResult r = compute(labels, preOutput, act, mask, false);
        return average ? r.score() : r.perExample().sumNumber().doubleValue();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
        return compute(labels, preOutput, act, mask, false).perExample();
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
        INDArray dx = compute(labels, preOutput, act, mask, true).embeddingGradient();
        return act.backprop(preOutput.dup(), dx).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation act,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, act, mask, average),
                computeGradient(labels, preOutput, act, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "HeadGoldenLoss(" + head.getClass().getSimpleName() + ", weights from seed " + weightSeed + ")";
    }
}

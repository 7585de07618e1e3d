package io.github.dl4jlosses.backendtests;

import io.github.dl4jlosses.samediff.SharedTowerModel;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link TrainableModel} over a SameDiff {@link SharedTowerModel}: its trainable variables, sorted by
 * name and flattened in C order, are the parameter vector; a step is SameDiff's {@code fit} on one
 * batch, and its score the model's loss on that batch just before the update (what a
 * {@code ComputationGraph} reports).
 */
public final class SameDiffModel implements TrainableModel {
    private final SharedTowerModel model;
    private final List<SDVariable> variables;

    public SameDiffModel(SharedTowerModel model) {
        this.model = model;
        this.variables = model.sameDiff().variables().stream()
                .filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .sorted(Comparator.comparing(SDVariable::name))
                .collect(Collectors.toList());
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("SameDiffModel: the model has no trainable variable");
        }
    }

    @Override
    public INDArray params() {
        INDArray[] flat = new INDArray[variables.size()];
        for (int i = 0; i < flat.length; i++) {
            INDArray a = variables.get(i).getArr();
            flat[i] = a.dup('c').reshape(1, a.length());
        }
        return Nd4j.hstack(flat);
    }

    @Override
    public void setParams(INDArray flat) {
        long offset = 0;
        for (SDVariable v : variables) {
            INDArray a = v.getArr();
            INDArray part = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + a.length()));
            a.assign(part.dup('c').reshape(a.shape()).castTo(a.dataType()));
            offset += a.length();
        }
        if (offset != flat.length()) {
            throw new IllegalArgumentException("SameDiffModel: " + flat.length() + " parameters given, the model has " + offset);
        }
    }

    @Override
    public double fit(MultiDataSet batch) {
        double score = model.loss(batch.getFeatures(), batch.getLabels(0));
        model.sameDiff().fit(batch);
        return score;
    }
}

package io.github.dl4jlosses.samediff;

import lombok.Setter;
import lombok.experimental.Accessors;
import org.nd4j.autodiff.listeners.records.History;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pure SameDiff Siamese / Triplet model: one {@link SDTower} whose variables are created once and
 * applied to every branch, a loss of this library on top ({@link SameDiffRankingLoss#define}), trained with
 * a {@link TrainingConfig} and SameDiff's {@code fit}. The loss fixes the number of branches
 * ({@link SameDiffRankingLoss#branches()}): two for a pair loss (Siamese) or a pair batch, three for the
 * triplet loss (Triplet), {@code 1+P+N} for the multi-sample triplet, one for a labelled batch.
 * <p>
 * Two input layouts:
 * <ul>
 *   <li>{@link Layout#SEPARATE}: placeholders {@code branch0 .. branch<k−1>}, each {@code [B, inputSize]},
 *       fed by a {@link MultiDataSetIterator} whose feature arrays come in that order;</li>
 *   <li>{@link Layout#CONCATENATED}: one placeholder {@code branches [B, k·inputSize]}, split in the graph,
 *       fed by a {@link DataSetIterator}.</li>
 * </ul>
 * Labels go to the placeholder {@code labels} ({@code [B,1]}; ignored by the tuple losses but still
 * expected). The per-example loss is {@code loss_perExample}, the trained scalar {@code loss}. A standalone
 * placeholder {@code input [B, inputSize]} runs the same tower to {@code embedding}, for embedding single
 * inputs after training. {@link #save}/{@link #load} keep all of it, including the updater state.
 */
public final class SharedTowerModel {
    /** How the branches reach the graph. */
    public enum Layout { SEPARATE, CONCATENATED }

    /** Name of the labels placeholder. */
    public static final String LABELS = "labels";
    /** Name of the loss variable (the batch mean). */
    public static final String LOSS = "loss";
    /** Name of the per-example loss variable ({@code [B,1]}). */
    public static final String PER_EXAMPLE = LOSS + SDLossOutput.PER_EXAMPLE_SUFFIX;
    /** Name of the single-input placeholder that {@code embed} feeds. */
    public static final String INPUT = "input";
    /** Name of the embedding variable. */
    public static final String EMBEDDING = "embedding";
    /** Name of the concatenated-branches placeholder ({@link Layout#CONCATENATED}). */
    public static final String CONCATENATED_INPUT = "branches";
    private static final String BRANCH_EMBEDDING = "embedding_branch";

    private final SameDiff sd;

    private SharedTowerModel(SameDiff sd) {
        this.sd = sd;
    }

    /** Placeholder name of branch {@code i} in the {@link Layout#SEPARATE} layout. */
    public static String branchInput(int i) {
        return "branch" + i;
    }

    /** Name of branch {@code i}'s embedding {@code [B,D]}. */
    public static String branchEmbedding(int i) {
        return BRANCH_EMBEDDING + i;
    }

    /**
     * @param loss the twin that scores the branches
     * @param tower creates the shared tower
     * @param inputSize width of one branch's input
     * @return a builder of a model with those
     */
    public static Builder builder(SameDiffRankingLoss loss, SDTower.Factory tower, long inputSize) {
        return new Builder(loss, tower, inputSize);
    }

    /** The underlying graph (for listeners, evaluation, or its variables). */
    public SameDiff sameDiff() {
        return sd;
    }

    /** Trains for {@code epochs} over a {@link Layout#CONCATENATED} model's data. */
    public History fit(DataSetIterator data, int epochs) {
        return sd.fit(data, epochs);
    }

    /** Trains for {@code epochs} over a {@link Layout#SEPARATE} model's data. */
    public History fit(MultiDataSetIterator data, int epochs) {
        return sd.fit(data, epochs);
    }

    /** The mean loss of one batch, in the order of the training config's feature mapping. */
    public double loss(INDArray[] features, INDArray labels) {
        return sd.outputSingle(placeholders(features, labels), LOSS).getDouble(0);
    }

    /** Per-example losses {@code [B,1]} of one batch. */
    public INDArray perExampleLoss(INDArray[] features, INDArray labels) {
        return sd.outputSingle(placeholders(features, labels), PER_EXAMPLE);
    }

    /** Embeddings {@code [B,D]} of single inputs {@code [B, inputSize]} through the shared tower. */
    public INDArray embed(INDArray inputs) {
        return sd.outputSingle(Collections.singletonMap(INPUT, inputs), EMBEDDING);
    }

    /** Saves graph, variables, training config and updater state. */
    public void save(File file) {
        sd.save(file, true);
    }

    /** Loads a model written by {@link #save}, ready to embed, score and train on. */
    public static SharedTowerModel load(File file) {
        GatherRows.register();           // ops of the twins' graphs, which SameDiff finds by their names
        SelfProduct.register();
        GatherEntries.register();
        Root.register();
        ShiftedBy.register();
        RowLogSumExp.register();
        WeightedBy.register();
        SquaredRowNorms.register();
        RowNorms.register();
        Difference.register();
        SameDiff sd = SameDiff.load(file, true);
        if (!sd.hasVariable(EMBEDDING) || !sd.hasVariable(LOSS) || sd.getTrainingConfig() == null) {
            throw new IllegalArgumentException("SharedTowerModel: " + file + " holds no model saved by SharedTowerModel");
        }
        return new SharedTowerModel(sd);
    }

    private Map<String, INDArray> placeholders(INDArray[] features, INDArray labels) {
        List<String> names = sd.getTrainingConfig().getDataSetFeatureMapping();
        if (features.length != names.size()) {
            throw new IllegalArgumentException(String.format(
                    "SharedTowerModel: expected %d feature arrays %s, got %d", names.size(), names, features.length));
        }
        Map<String, INDArray> m = new HashMap<>();
        for (int i = 0; i < features.length; i++) {
            m.put(names.get(i), features[i]);
        }
        m.put(LABELS, labels);
        return m;
    }

    /** Builds a {@link SharedTowerModel}; defaults: FLOAT, {@link Layout#SEPARATE}, {@code Sgd(0.01)}. */
    @Setter
    @Accessors(fluent = true)
    public static final class Builder {
        private final SameDiffRankingLoss loss;
        private final SDTower.Factory tower;
        private final long inputSize;
        private DataType dataType = DataType.FLOAT;
        /** Whether the branches come as separate inputs or as one concatenated input. */
        private Layout layout = Layout.SEPARATE;
        /** The training updater. */
        private IUpdater updater = new Sgd(0.01);

        private Builder(SameDiffRankingLoss loss, SDTower.Factory tower, long inputSize) {
            if (loss == null || tower == null || inputSize <= 0) {
                throw new IllegalArgumentException(String.format(
                        "SharedTowerModel: expected a loss, a tower and inputSize >= 1, got %s, %s, %d",
                        loss, tower, inputSize));
            }
            this.loss = loss;
            this.tower = tower;
            this.inputSize = inputSize;
        }

        /**
         * @param dataType data type of the variables and placeholders (default FLOAT)
         * @return this builder
         */
        public Builder dataType(DataType dataType) {
            if (dataType == null || !dataType.isFPType()) {
                throw new IllegalArgumentException("SharedTowerModel: expected a floating-point data type, got " + dataType);
            }
            this.dataType = dataType;
            return this;
        }

        /** @return the model with its SameDiff graph built */
        public SharedTowerModel build() {
            SameDiff sd = SameDiff.create();
            SDTower t = tower.create(sd, dataType, inputSize);
            int k = loss.branches();
            List<String> featureNames = new ArrayList<>();
            SDVariable[] branches;
            if (layout == Layout.CONCATENATED) {
                SDVariable all = sd.placeHolder(CONCATENATED_INPUT, dataType, -1, k * inputSize);
                featureNames.add(CONCATENATED_INPUT);
                branches = k == 1 ? new SDVariable[]{all} : sd.split(all, k, 1);
            } else {
                branches = new SDVariable[k];
                for (int i = 0; i < k; i++) {
                    branches[i] = sd.placeHolder(branchInput(i), dataType, -1, inputSize);
                    featureNames.add(branchInput(i));
                }
            }
            SDVariable[] embeddings = new SDVariable[k];
            for (int i = 0; i < k; i++) {
                embeddings[i] = sd.identity(branchEmbedding(i), t.apply(branches[i]));
            }
            SDVariable labels = sd.placeHolder(LABELS, dataType, -1, -1);
            SDLossOutput out = loss.define(sd, LOSS, embeddings, labels);
            sd.setLossVariables(out.loss());
            sd.identity(EMBEDDING, t.apply(sd.placeHolder(INPUT, dataType, -1, inputSize)));

            sd.setTrainingConfig(TrainingConfig.builder()
                    .updater(updater)
                    .dataSetFeatureMapping(featureNames)
                    .dataSetLabelMapping(LABELS)
                    .build());
            return new SharedTowerModel(sd);
        }
    }
}

package io.github.dl4jlosses.mining;

import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

import java.io.Serializable;

/**
 * Picks, for each anchor of a labelled batch, the positives and negatives a loss should learn from (as
 * pytorch-metric-learning's miners do), looking at the distances from the anchors to the reference rows
 * ({@link LabelledDistances}).
 * <p>
 * A miner answers in one of two forms ({@link Mined}): <b>pairs</b> (which anchor–positive and anchor–negative
 * pairs to keep: {@link AllPairsMiner}, {@link MultiSimilarityMiner}) or <b>triplets</b> (per anchor a few
 * (positive, negative) slots: {@link BatchHardMiner}, {@link SemiHardMiner}, {@link DistanceWeightedMiner}). Every
 * labelled-batch loss accepts both: pair losses use the pairs a triplet miner picked, the triplet loss forms every
 * (positive, negative) combination of an anchor's mined pairs.
 * <p>
 * <b>Gradient.</b> Mining is a selection: no gradient flows through the choice, only through the distances of
 * the pairs chosen, as in pytorch-metric-learning (whose miners run under {@code torch.no_grad()}).
 * <p>
 * A miner is configuration: immutable, {@link Serializable}, JSON with its {@code "@class"} (the option
 * {@code miner} of a loss), with value equality. Memory stays O(B·M): triplet miners work on blocks of
 * {@code [B, slots, M]} temporaries of bounded size (see {@link Selection#BLOCK_ELEMENTS}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface Miner extends Serializable {

    /** The pairs or triplets to learn from in {@code batch}; never null (an empty selection is valid). */
    Mined mine(LabelledDistances batch);
}

/**
 * Watching a training run. {@link io.github.dl4jlosses.train.EmbeddingHealthListener} is a DL4J
 * {@code TrainingListener} for any {@code MultiLayerNetwork} or {@code ComputationGraph} (the Siamese,
 * Triplet and single-input graphs of {@code io.github.dl4jlosses.graph} included) that logs one SLF4J warning,
 * with the iteration, when the embeddings collapse to one point, the score turns NaN/Inf, or the gradient
 * stays exactly zero; {@link io.github.dl4jlosses.train.EmbeddingHealthListener#scoreNonFinite()} lets a
 * training loop stop a diverged run. It depends on DL4J only, not on the losses.
 */
package io.github.dl4jlosses.train;

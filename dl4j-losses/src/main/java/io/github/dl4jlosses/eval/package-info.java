/**
 * Evaluation of embeddings: pair verification and leave-one-out retrieval. Knows no loss or graph; it
 * judges scores and embeddings however they were made.
 *
 * <h2>Verification</h2>
 * {@link io.github.dl4jlosses.eval.VerificationMetrics#evaluate(double[], boolean[], int)} takes one score
 * per pair (higher = more similar; negate distances with
 * {@link io.github.dl4jlosses.eval.VerificationMetrics#similaritiesFromDistances(double[])}) and the truth
 * same/different, and returns a {@link io.github.dl4jlosses.eval.VerificationReport}: ROC curve and AUC,
 * equal error rate, TAR at FAR 1e-1 / 1e-2 / 1e-3, best-threshold accuracy, and k-fold accuracy as in the
 * LFW protocol (Huang, Ramesh, Berg, Learned-Miller 2007, "Labeled Faces in the Wild: A Database for
 * Studying Face Recognition in Unconstrained Environments", UMass TR 07-49).
 *
 * <h2>Retrieval</h2>
 * {@link io.github.dl4jlosses.eval.RetrievalMetrics#evaluate(org.nd4j.linalg.api.ndarray.INDArray, int[])}
 * takes embeddings {@code [N,D]} and class labels and returns a
 * {@link io.github.dl4jlosses.eval.RetrievalReport}: Recall@1/5/10, R-precision and MAP@R as
 * pytorch-metric-learning's {@code AccuracyCalculator} defines them (MAP@R: Musgrave, Belongie, Lim 2020,
 * "A Metric Learning Reality Check").
 *
 * <h2>Bad input</h2>
 * Every entry point throws {@link java.lang.IllegalArgumentException} naming what it expected and what it
 * got: mismatched lengths, empty or one-class input, NaN or infinite scores/embeddings, fewer than 2 folds,
 * a fold without both kinds of pair, labels not one per row.
 */
package io.github.dl4jlosses.eval;

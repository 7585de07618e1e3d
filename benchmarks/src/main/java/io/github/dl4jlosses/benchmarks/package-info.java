/**
 * JMH benchmarks of dl4j-losses: analytic loss + gradient of every loss ({@link
 * io.github.dl4jlosses.benchmarks.LossCase} is the registry), the GEMM floor, and training steps.
 * Run them with {@code benchmarks/run.sh} (see {@code benchmarks/RESULTS.md}).
 */
package io.github.dl4jlosses.benchmarks;

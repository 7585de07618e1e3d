/**
 * Backend regression suite for dl4j-losses: a registry of golden cases ({@link
 * io.github.dl4jlosses.backendtests.GoldenRegistry}), a generator that evaluates them on the CPU backend
 * in DOUBLE and writes {@code .npy} files plus a JSON index ({@link
 * io.github.dl4jlosses.backendtests.GoldenGenerator}), and the pieces the replay tests use to compare any
 * backend and data type against them ({@link io.github.dl4jlosses.backendtests.Tolerance}). The
 * {@code probe} subpackage decides, without loading ND4J's CUDA backend in-process, whether a usable
 * GPU is present.
 */
package io.github.dl4jlosses.backendtests;

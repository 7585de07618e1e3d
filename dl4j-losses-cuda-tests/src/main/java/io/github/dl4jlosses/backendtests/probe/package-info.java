/**
 * Decides whether ND4J's CUDA backend can run here without risking the JVM that asks: the driver is
 * looked for on disk ({@link io.github.dl4jlosses.backendtests.probe.NvidiaDriver}), and devices,
 * compute capabilities and a first ND4J operation are tried in a child JVM
 * ({@link io.github.dl4jlosses.backendtests.probe.CudaProbeMain}), whose crash is a reason, not a crash
 * of the test run. {@link io.github.dl4jlosses.backendtests.probe.BackendProbe#result()} gives the verdict.
 */
package io.github.dl4jlosses.backendtests.probe;

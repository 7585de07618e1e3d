package io.github.dl4jlosses.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Run settings shared by the benchmarks (override on the command line with {@code -f/-wi/-i/-w/-r}):
 * average time per call in microseconds, one fork, 2 warm-up and 4 measured iterations of 1 s.
 * The fork gets a modest heap and an off-heap cap so that garbage collection, which frees ND4J's
 * off-heap buffers, runs as it would in a small training JVM.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=4G"})
public abstract class BenchDefaults {
}

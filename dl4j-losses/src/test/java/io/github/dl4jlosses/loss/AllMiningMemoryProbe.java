package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.distance.Distance;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory probe for {@link TripletMining#ALL}: computes score and gradient of {@link LossBatchTriplet} on one
 * FLOAT batch of {@code B} embeddings of dimension {@code D} (P×K labels: {@code classes} classes, B/classes
 * rows each) and prints {@code key=value} lines: {@code score}, {@code gradientNorm}, {@code finite},
 * {@code maxBytes} and {@code maxPhysicalBytes} (JavaCPP's caps as set on the command line),
 * {@code baselinePhysicalBytes} (resident memory after ND4J is loaded and warmed up),
 * {@code peakPhysicalBytes} (largest resident memory sampled while the loss ran) and {@code millis}.
 * <p>
 * ND4J 1.0.0-M2.1 allocates its CPU arrays natively, outside JavaCPP's {@code totalBytes} accounting, so
 * {@code -Dorg.bytedeco.javacpp.maxbytes} alone does not bound them; what does is
 * {@code -Dorg.bytedeco.javacpp.maxphysicalbytes}, which JavaCPP checks against the process's resident
 * memory whenever a JavaCPP pointer is allocated — and ND4J allocates those while executing ops (an
 * over-limit process fails with "Cannot allocate new LongPointer"). {@link AllMiningMemoryTest} runs this probe under
 * both caps and checks that the loss grew resident memory by at most 1 GiB. For comparison, a
 * {@code [B,B,B]} FLOAT tensor at B = 2048 alone would take 32 GiB.
 * <p>
 * Arguments: {@code B D classes} (default 2048 128 64).
 */
public final class AllMiningMemoryProbe {
    private AllMiningMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        int b = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        LossBatchTriplet loss = LossBatchTriplet.builder().with(LossBatchTriplet.MINING, TripletMining.ALL)
                .with(LossBatchTriplet.DISTANCE, Distance.SQUARED_EUCLIDEAN).with(LossBatchTriplet.MARGIN, 0.2).build();

        // warm-up on a small batch, so that the baseline includes ND4J's libraries and caches
        run(loss, 64, d, 8);
        System.gc();
        long baseline = Pointer.physicalBytes();

        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        Pair<Double, INDArray> result = run(loss, b, d, classes);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        peak.accumulateAndGet(Pointer.physicalBytes(), Math::max);

        INDArray g = result.getSecond();
        boolean finite = !(g.isNaN().any() || g.isInfinite().any()) && Double.isFinite(result.getFirst());
        System.out.println("B=" + b);
        System.out.println("D=" + d);
        System.out.println("classes=" + classes);
        System.out.println("score=" + result.getFirst());
        System.out.println("gradientNorm=" + g.norm2Number());
        System.out.println("finite=" + finite);
        System.out.println("maxBytes=" + Pointer.maxBytes());
        System.out.println("maxPhysicalBytes=" + Pointer.maxPhysicalBytes());
        System.out.println("baselinePhysicalBytes=" + baseline);
        System.out.println("peakPhysicalBytes=" + peak.get());
        System.out.println("millis=" + millis);
        // Linux only, for information: the kernel's own peak resident set size of the whole run
        java.nio.file.Path status = java.nio.file.Paths.get("/proc/self/status");
        if (java.nio.file.Files.isReadable(status)) {
            for (String line : java.nio.file.Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                    System.out.println(line.replaceAll("\\s+", " "));
                }
            }
        }
        System.exit(finite ? 0 : 2);
    }

    private static Pair<Double, INDArray> run(LossBatchTriplet loss, int b, int d, int classes) {
        Nd4j.getRandom().setSeed(42);
        INDArray embeddings = Nd4j.randn(DataType.FLOAT, b, d).divi(Math.sqrt(d));
        INDArray labels = Nd4j.arange(0, b).castTo(DataType.FLOAT).reshape(b, 1).fmodi(classes);
        return loss.computeGradientAndScore(labels, embeddings, Activation.IDENTITY.getActivationFunction(), null, true);
    }
}

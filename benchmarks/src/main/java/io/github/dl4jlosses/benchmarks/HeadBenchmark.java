package io.github.dl4jlosses.benchmarks;

import io.github.dl4jlosses.heads.ArcFace;
import io.github.dl4jlosses.heads.CosFace;
import io.github.dl4jlosses.heads.CosineHead;
import io.github.dl4jlosses.heads.HeadResult;
import io.github.dl4jlosses.heads.ProxyAnchor;
import io.github.dl4jlosses.heads.SubCenterArcFace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Random;
import java.util.function.BiFunction;

/**
 * Face-recognition heads, loss + gradients for the embeddings and the class weights (what the layer computes in
 * one training step: {@link CosineHead#computeLoss} with gradients), FLOAT, paper defaults, {@code [B,1]} class
 * ids drawn uniformly from {@code [0,C)}, inside a training-like workspace. Shapes {@code BxDxC} of issue 17.
 * The PyTorch formulas are in {@code benchmarks/pytorch_baseline.py} under the same names.
 */
@State(Scope.Benchmark)
public class HeadBenchmark extends BenchDefaults {
    /** The benchmarked heads (paper defaults), keyed as in {@code pytorch_baseline.py}. */
    public enum HeadCase {
        ARCFACE((d, c) -> new ArcFace.Builder().nIn(d).nOut(c).build()),
        COSFACE((d, c) -> new CosFace.Builder().nIn(d).nOut(c).build()),
        SUBCENTER_ARCFACE((d, c) -> new SubCenterArcFace.Builder().nIn(d).nOut(c).build()),
        PROXY_ANCHOR((d, c) -> new ProxyAnchor.Builder().nIn(d).nOut(c).build());

        private final BiFunction<Long, Long, CosineHead> factory;

        HeadCase(BiFunction<Long, Long, CosineHead> factory) {
            this.factory = factory;
        }

        public CosineHead create(long d, long c) {
            return factory.apply(d, c);
        }
    }

    public static final String S256x128x1000 = "256x128x1000";
    public static final String S512x512x10000 = "512x512x10000";

    @Param
    public HeadCase head;

    @Param({S256x128x1000, S512x512x10000})
    public String shape;

    private CosineHead conf;
    private INDArray x;
    private INDArray w;
    private INDArray labels;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        int b = Integer.parseInt(p[0]);
        int d = Integer.parseInt(p[1]);
        int c = Integer.parseInt(p[2]);
        conf = head.create(d, c);
        Nd4j.getRandom().setSeed(42);
        x = Nd4j.randn(DataType.FLOAT, b, d);
        w = Nd4j.randn(DataType.FLOAT, d, (long) c * conf.subCentres());
        Random r = new Random(42);
        float[] ids = new float[b];
        for (int i = 0; i < b; i++) {
            ids[i] = r.nextInt(c);
        }
        labels = Nd4j.createFromArray(ids).reshape(b, 1);
    }

    @Benchmark
    public void lossAndGradient(Blackhole bh) {
        try (MemoryWorkspace ignored = Workspaces.open()) {
            HeadResult r = conf.computeLoss(x, w, labels, null, true);
            bh.consume(r.score());
            bh.consume(r.embeddingGradient());
            bh.consume(r.weightGradient());
        }
    }
}

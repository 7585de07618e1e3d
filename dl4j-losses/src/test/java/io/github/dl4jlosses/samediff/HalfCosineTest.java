package io.github.dl4jlosses.samediff;

import io.github.dl4jlosses.distance.Distance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * All-zero embeddings with cosine distance (and the cosine-based InfoNCE and multi-similarity) give a finite score
 * and gradient in HALF, as in FLOAT and DOUBLE: HALF cannot hold the 1e-8 norm floor, so it has its own.
 */
class HalfCosineTest {

    static List<TwinCase> cosineCases() {
        return TwinCase.all().stream()
                .filter(c -> c.id.contains(Distance.COSINE.name()) || c.id.startsWith("infoNCE")
                        || c.id.startsWith("multiSimilarity"))
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cosineCases")
    void zeroEmbeddingsStayFinite(TwinCase c) {
        for (DataType type : new DataType[]{DataType.HALF, DataType.FLOAT, DataType.DOUBLE}) {
            INDArray[] in = c.inputs.make(type, 7, 6, 4);
            INDArray zeros = Nd4j.zeros(type, in[1].shape());
            for (ILossFunction loss : new ILossFunction[]{c.analytic, c.twin}) {
                Pair<Double, INDArray> r = loss.computeGradientAndScore(in[0], zeros,
                        Activation.IDENTITY.getActivationFunction(), null, true);
                assertTrue(Double.isFinite(r.getFirst()), loss + " " + type + " score " + r.getFirst());
                assertFalse(r.getSecond().isNaN().any() || r.getSecond().isInfinite().any(),
                        loss + " " + type + " gradient " + r.getSecond());
            }
        }
    }
}

package io.github.dl4jlosses.heads;

import io.github.dl4jlosses.testutil.Views;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CosineHead#computeLoss} and {@link CosineHead#classCosines} with embeddings, class weights, labels and mask
 * given as views (windows of columns or rows of wider c- or f-ordered arrays, f-ordered arrays) return what they
 * return for contiguous copies, for every head.
 */
class HeadViewInputTest {
    static Stream<Arguments> headsAndLayouts() {
        return Arrays.stream(HeadCase.values()).flatMap(h -> Views.LAYOUTS.stream()
                .map(layout -> Arguments.of(h, layout)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("headsAndLayouts")
    void viewsGiveTheResultsOfTheirCopies(HeadCase hc, String layout) {
        HeadLossTest.Batch in = new HeadLossTest.Batch(hc, DataType.DOUBLE, 5);
        CosineHead head = in.head;
        INDArray labels = HeadLossTest.oneHot(in.ids, DataType.DOUBLE);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, HeadLossTest.B, 1);
        mask.putScalar(2, 0, 0.0);

        HeadResult expected = head.computeLoss(in.x, in.w, labels, mask, true);
        HeadResult actual = head.computeLoss(Views.of(in.x, layout), Views.of(in.w, layout),
                Views.of(labels, layout), Views.of(mask, layout), true);
        assertClose(expected.perExample(), actual.perExample(), "per-example loss");
        assertClose(expected.embeddingGradient(), actual.embeddingGradient(), "embedding gradient");
        assertClose(expected.weightGradient(), actual.weightGradient(), "weight gradient");
        assertClose(head.classCosines(in.x, in.w), head.classCosines(Views.of(in.x, layout), Views.of(in.w, layout)),
                "class cosines");
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what);
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-12, what + " differs by " + diff);
    }
}

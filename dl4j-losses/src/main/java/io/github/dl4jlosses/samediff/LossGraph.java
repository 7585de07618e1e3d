package io.github.dl4jlosses.samediff;

import lombok.AccessLevel;
import lombok.AllArgsConstructor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One built loss graph for one data type, used by one thread at a time (see
 * {@link SameDiffRankingLoss}'s pool): placeholders {@code layerInput [B,W]}, {@code labels [B,L]} (always
 * DOUBLE, so class ids stay exact whatever the data type; what {@code graphLabels} returns) and
 * {@code mask [B,1]}; output {@code perExample = defineGraphLoss(...) ⊙ mask}; loss variable
 * {@code total = Σ perExample}, whose gradient w.r.t. {@code layerInput} SameDiff derives.
 */
@AllArgsConstructor(access = AccessLevel.PRIVATE)
final class LossGraph {
    static final String INPUT = "layerInput";
    static final String LABELS = "labels";
    static final String MASK = "mask";
    static final String PER_EXAMPLE = "perExample";
    static final String TOTAL = "total";

    final DataType dataType;
    private final SameDiff sd;
    private final boolean usesLabels;

    static LossGraph build(SameDiffRankingLoss loss, DataType dataType) {
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder(INPUT, dataType, -1, -1);
        SDVariable labels = sd.placeHolder(LABELS, DataType.DOUBLE, -1, -1);
        SDVariable mask = sd.placeHolder(MASK, dataType, -1, 1);
        SDVariable perRow = loss.defineGraphLoss(sd, input, labels);
        SDVariable perExample = perRow.mul(PER_EXAMPLE, mask);
        SDVariable total = perExample.sum(TOTAL);
        sd.setLossVariables(total);
        sd.createGradFunction(INPUT);
        return new LossGraph(dataType, sd, consumes(sd, LABELS));
    }

    /** Whether some op of the graph reads the placeholder (SameDiff rejects values for unused ones). */
    private static boolean consumes(SameDiff sd, String placeholder) {
        List<String> readers = sd.getVariables().get(placeholder).getInputsForOp();
        return readers != null && !readers.isEmpty();
    }

    private Map<String, INDArray> placeholders(INDArray output, INDArray labels, INDArray mask,
                                               Map<String, INDArray> extra) {
        Map<String, INDArray> m = new HashMap<>(extra);
        m.put(INPUT, output);
        if (usesLabels) {
            m.put(LABELS, labels);
        }
        m.put(MASK, mask);
        return m;
    }

    /** Masked per-example loss {@code [B,1]}; {@code extra} feeds placeholders the loss defined itself. */
    INDArray perExample(INDArray output, INDArray labels, INDArray mask, Map<String, INDArray> extra) {
        return sd.outputSingle(placeholders(output, labels, mask, extra), PER_EXAMPLE).dup();
    }

    /** {@code {perExample [B,1], d(Σ perExample)/d output [B,W]}} in one execution. */
    INDArray[] perExampleAndGradient(INDArray output, INDArray labels, INDArray mask, Map<String, INDArray> extra) {
        OutAndGrad r = sd.calculateGradientsAndOutputs(placeholders(output, labels, mask, extra),
                Collections.singletonList(PER_EXAMPLE), Collections.singletonList(INPUT));
        return new INDArray[]{r.getOutputs().get(PER_EXAMPLE).dup(), r.getGradients().get(INPUT).dup()};
    }
}

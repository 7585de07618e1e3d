package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SameDiff;

import java.util.HashMap;
import java.util.Map;

/** How many ops of each name a graph holds, for tests that assert which ops a graph (or its gradient) runs. */
final class OpNames {
    private OpNames() {
    }

    /** Op name → number of ops of that name in {@code graph}. */
    static Map<String, Long> of(SameDiff graph) {
        Map<String, Long> names = new HashMap<>();
        graph.getOps().values().forEach(op -> names.merge(op.getOp().opName(), 1L, Long::sum));
        return names;
    }
}

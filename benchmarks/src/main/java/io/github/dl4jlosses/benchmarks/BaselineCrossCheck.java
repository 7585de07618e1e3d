package io.github.dl4jlosses.benchmarks;

import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks that {@code pytorch_baseline.py} times the same losses as {@link LossCase}: reads the cases written
 * by {@code pytorch_baseline.py --check-out FILE} (float64 inputs and PyTorch's loss values) and prints the
 * Java loss on each (the heads of {@link HeadBenchmark.HeadCase} too: cases with class weights {@code w}),
 * with the relative difference; exits with status 1 if any differs by more than 1e-5
 * (PyTorch's {@code pairwise_distance} adds an ε of 1e-6 inside the norm).
 */
public final class BaselineCrossCheck {
    private BaselineCrossCheck() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode root = new ObjectMapper().readTree(new File(args[0]));
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            INDArray x = Nd4j.createFromArray(matrix(e.getValue().get("x")));
            JsonNode ls = e.getValue().get("labels");
            double[] labels = new double[ls.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = ls.get(i).asDouble();
            }
            INDArray labelColumn = Nd4j.createFromArray(labels).reshape(labels.length, 1);
            double ours;
            if (e.getValue().has("w")) {
                INDArray w = Nd4j.createFromArray(matrix(e.getValue().get("w")));
                ours = HeadBenchmark.HeadCase.valueOf(e.getKey()).create(x.size(1), e.getValue().get("classes").asLong())
                        .computeLoss(x, w, labelColumn, null, false).score();
            } else {
                ours = LossCase.valueOf(e.getKey()).create().computeScore(labelColumn, x, new ActivationIdentity(),
                        null, true);
            }
            double theirs = e.getValue().get("pytorch").asDouble();
            double rel = Math.abs(ours - theirs) / Math.max(1e-12, Math.abs(theirs));
            ok &= rel <= 1e-5;
            System.out.printf("%-24s java=%.10f pytorch=%.10f relative difference=%.1e%n", e.getKey(), ours, theirs, rel);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    private static double[][] matrix(JsonNode rows) {
        double[][] m = new double[rows.size()][rows.get(0).size()];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return m;
    }
}

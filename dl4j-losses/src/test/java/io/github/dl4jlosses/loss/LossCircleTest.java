package io.github.dl4jlosses.loss;

import io.github.dl4jlosses.testutil.FiniteDifferences;
import io.github.dl4jlosses.testutil.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The circle loss's default gradient treats the weights α as constants (as the paper's and
 * pytorch-metric-learning's code): checked against finite differences of the naive loop reference with α frozen
 * at the unperturbed similarities. The exact gradient ({@code detachWeights(false)}) is checked by
 * {@link BatchLossValueTest} like every batch loss. Also: γ = 256 stays finite in FLOAT.
 */
class LossCircleTest {
    private static final IActivation TANH = Activation.TANH.getActivationFunction();
    private static final int B = 6;
    private static final int D = 3;

    private static double[][] tanh(INDArray pre) {
        double[][] x = RandomArrays.toDouble(pre);
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) row[k] = Math.tanh(row[k]);
        }
        return x;
    }

    private static double[][] similarities(double[][] x) {
        double[][] s = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                double dot = 0, ni = 0, nj = 0;
                for (int k = 0; k < x[i].length; k++) {
                    dot += x[i][k] * x[j][k];
                    ni += x[i][k] * x[i][k];
                    nj += x[j][k] * x[j][k];
                }
                s[i][j] = dot / (Math.sqrt(ni) * Math.sqrt(nj));
            }
        }
        return s;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    @ParameterizedTest(name = "m=0.25, gamma={0}")
    @ValueSource(doubles = {256, 32})
    void detachedGradientIsThatOfTheLossWithFrozenWeights(double gamma) {
        LossCircle loss = LossCircle.builder().with(LossCircle.GAMMA, gamma).build();
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 41, B, D);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 19, B, 2);
        int[] cls = new int[B];
        for (int i = 0; i < B; i++) cls[i] = labels.getInt(i, 0);
        double[][] frozen = similarities(tanh(pre));

        INDArray analytic = loss.computeGradient(labels, pre, TANH, null);
        INDArray numeric = Nd4j.create(DataType.DOUBLE, B, D);
        double h = FiniteDifferences.EPS;
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < D; k++) {
                INDArray plus = pre.dup();
                plus.putScalar(i, k, pre.getDouble(i, k) + h);
                INDArray minus = pre.dup();
                minus.putScalar(i, k, pre.getDouble(i, k) - h);
                double fPlus = sum(BatchLossCase.circle(tanh(plus), cls, 0.25, gamma, frozen));
                double fMinus = sum(BatchLossCase.circle(tanh(minus), cls, 0.25, gamma, frozen));
                numeric.putScalar(i, k, (fPlus - fMinus) / (2 * h));
            }
        }
        FiniteDifferences.Result r = FiniteDifferences.compare(analytic, numeric);
        assertTrue(r.maxRelError <= 1e-6, r.toString());
        assertTrue(r.maxAbsGradient > 1e-3, "gradient is all zeros: " + r);
        // and it differs from the exact derivative: the option matters
        INDArray exact = LossCircle.builder().with(LossCircle.GAMMA, gamma)
                .with(LossCircle.DETACH_WEIGHTS, false).build().computeGradient(labels, pre, TANH, null);
        assertFalse(exact.equalsWithEps(analytic, 1e-6));
    }

    @Test
    void detachingChangesTheGradientNotTheScore() {
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 5, 8, 4);
        INDArray labels = RandomArrays.classIds(DataType.DOUBLE, 6, 8, 3);
        LossCircle detached = new LossCircle();
        LossCircle exact = LossCircle.builder().with(LossCircle.DETACH_WEIGHTS, false).build();
        assertEquals(exact.computeScoreArray(labels, pre, TANH, null), detached.computeScoreArray(labels, pre, TANH, null));
    }

    /**
     * γ = 256 puts logits near ±10³ (exp overflows FLOAT beyond 88): well separated and badly separated batches of
     * large embeddings stay finite in FLOAT and agree with DOUBLE.
     */
    @ParameterizedTest(name = "separated={0}")
    @ValueSource(booleans = {true, false})
    void largeScaleStaysFiniteInFloat(boolean separated) {
        int b = 16;
        INDArray labels = Nd4j.create(DataType.DOUBLE, b, 1);
        INDArray pre = RandomArrays.gaussian(DataType.DOUBLE, 7, b, 8).muli(0.05);
        for (int i = 0; i < b; i++) {
            labels.putScalar(i, 0, i % 4);
            // each class along its own axis (separated), or classes swapped onto each other's axes (confused)
            int axis = separated ? i % 4 : (i + i / 4) % 4;
            pre.putScalar(i, axis, pre.getDouble(i, axis) + 30);
        }
        LossCircle loss = new LossCircle();
        IActivation id = Activation.IDENTITY.getActivationFunction();
        Pair<Double, INDArray> dbl = loss.computeGradientAndScore(labels, pre, id, null, true);
        Pair<Double, INDArray> flt = loss.computeGradientAndScore(labels.castTo(DataType.FLOAT),
                pre.castTo(DataType.FLOAT), id, null, true);
        assertTrue(Double.isFinite(flt.getFirst()), "FLOAT score " + flt.getFirst());
        assertFalse(flt.getSecond().isNaN().any() || flt.getSecond().isInfinite().any());
        assertEquals(dbl.getFirst(), flt.getFirst(), 1e-3 * Math.max(1, Math.abs(dbl.getFirst())));
        if (!separated) {
            assertTrue(dbl.getFirst() > 10, "confused classes give a large loss: " + dbl.getFirst());
        }
        INDArray g = dbl.getSecond();
        double scale = Math.max(1e-30, g.amaxNumber().doubleValue());
        assertTrue(flt.getSecond().castTo(DataType.DOUBLE).sub(g).amaxNumber().doubleValue() <= 1e-3 * scale);
    }
}

package io.github.dl4jlosses.backendtests;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Random;

/**
 * Keeps golden inputs away from the loss's kinks (a hinge at 0, a swap or a hardest negative switching
 * sides, a Manhattan coordinate crossing 0), where a lower-precision replay may legitimately take the
 * other branch and get a different gradient. Loss-agnostic: along a few random directions {@code ±u}
 * ({@code u ~ N(0,1)}, scaled by {@code rms(x)}), the gradient G is sampled at steps η/2 and η and the
 * second difference {@code G(x+ηu) − 2·G(x+ηu/2) + G(x)} is formed. Where G is smooth it is O(η²); a
 * kink within η of x leaves a jump of the size of a row's gradient in it. If any element exceeds
 * {@value #JUMP} × rms(G), the generator draws another seed.
 */
public final class KinkGuard {
    /** Clearance asked of FLOAT-only cases: far beyond FLOAT rounding (1e-7), cheap to satisfy at B = 1024. */
    public static final double FLOAT_CLEARANCE = 1e-4;
    /** Clearance asked of cases also replayed in HALF: 20× HALF's rounding (5e-4). */
    public static final double HALF_CLEARANCE = 1e-2;
    static final double JUMP = 0.2;
    private static final int DIRECTIONS = 2;

    private KinkGuard() {
    }

    /** The clearance a case needs given the data types it is replayed in. */
    public static double requiredClearance(LossCase c) {
        return c.dataTypes().contains(DataType.FLOAT16) ? HALF_CLEARANCE : FLOAT_CLEARANCE;
    }

    /** True if the gradient is smooth (no jump) within {@code eta} (relative) of the inputs. */
    public static boolean isClear(ILossFunction loss, IActivation activation, CaseInputs in, double eta, long seed) {
        INDArray g0 = gradient(loss, activation, in, in.preOutput);
        double step = eta * rms(in.preOutput);
        double limit = JUMP * Math.max(rms(g0), 1e-12);
        Random rnd = new Random(seed);
        for (int j = 0; j < DIRECTIONS; j++) {
            INDArray u = gaussianLike(in.preOutput, rnd);
            for (double sign : new double[]{1, -1}) {
                INDArray half = gradient(loss, activation, in, in.preOutput.add(u.mul(sign * step / 2)));
                INDArray full = gradient(loss, activation, in, in.preOutput.add(u.mul(sign * step)));
                INDArray second = full.subi(half.muli(2)).addi(g0);
                double jump = Transforms.abs(second, false).maxNumber().doubleValue();
                if (!(jump <= limit)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static INDArray gradient(ILossFunction loss, IActivation activation, CaseInputs in, INDArray x) {
        return loss.computeGradient(in.labels, x.dup(), activation, in.mask);
    }

    static double rms(INDArray a) {
        return Math.sqrt(a.mul(a).meanNumber().doubleValue());
    }

    private static INDArray gaussianLike(INDArray like, Random rnd) {
        double[] v = new double[(int) like.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return Nd4j.createFromArray(v).reshape(like.shape()).castTo(like.dataType());
    }
}

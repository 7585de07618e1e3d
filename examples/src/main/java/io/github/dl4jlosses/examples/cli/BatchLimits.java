package io.github.dl4jlosses.examples.cli;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code -P} and {@code -K} against what the loss and the training data allow, in the trainer's own terms:
 * the library's iterators would refuse the same settings, but naming their builder methods rather than the
 * options, and only once the network was built.
 * <ul>
 *   <li>P×K batches (pairs, triplets, the batch-mined losses): P classes of K images each; a class with
 *       fewer than K images repeats some (the trainer samples with replacement), so only P is bounded by the
 *       data: at most the number of training classes.</li>
 *   <li>Pair batches (in-batch negatives): groups of P pairs, each pair of its own class with 2 or more images;
 *       a batch stacks K/2 such groups (P·K images), so only P is bounded by the data.</li>
 * </ul>
 */
final class BatchLimits {
    private BatchLimits() {
    }

    /** The bounds that do not depend on the data, checked before it is read. */
    static void checkOptions(LossChoice loss, int p, int k) {
        if (p < 2) {
            throw new IllegalArgumentException("expected -P/--classes-per-batch >= 2 (negatives come from another class "
                    + "of the batch), got " + p);
        }
        if (usesK(loss) && k < 2) {
            throw new IllegalArgumentException("expected -K/--per-class >= 2 (a positive is another image of the same "
                    + "class), got " + k);
        }
    }

    /** {@code labels}: the class of each training image. */
    static void checkData(LossChoice loss, int[] labels, int p, int k) {
        Map<Integer, Integer> perClass = new TreeMap<>();
        for (int label : labels) perClass.merge(label, 1, Integer::sum);
        int minImages = usesK(loss) ? 1 : 2;
        int classes = 0;
        int smallest = Integer.MAX_VALUE;
        for (int n : perClass.values()) {
            if (n >= minImages) {
                classes++;
                smallest = Math.min(smallest, n);
            }
        }
        if (p <= classes) return;
        String have = String.format("the training data has %d class%s%s", classes, classes == 1 ? "" : "es",
                usesK(loss) ? "" : " with 2 or more images");
        if (classes < 2) {
            throw new IllegalArgumentException(String.format("--loss %s needs at least 2 classes per batch, but %s",
                    loss, have));
        }
        String allows = usesK(loss)
                ? String.format("it allows -P up to %d, and -K/--per-class up to %d without repeating an image (its "
                        + "smallest class has %d images; a larger -K repeats some)", classes, smallest, smallest)
                : String.format("it allows -P up to %d (a group of P pairs has one class per pair; --loss %s stacks "
                        + "-K/2 groups into a batch, so any -K fits)", classes, loss);
        throw new IllegalArgumentException(String.format("expected -P/--classes-per-batch <= %d for --loss %s, got %d "
                + "(-K %d): %s; %s", classes, loss, p, k, have, allows));
    }

    private static boolean usesK(LossChoice loss) {
        return loss.batches != LossChoice.Batches.PAIR_BATCH;
    }
}

package io.github.dl4jlosses.data;

import java.io.Serializable;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Draws positives (other examples of a row's class) and negatives (examples of any other class),
 * each uniformly, in O(1) per draw: rows are kept sorted by class so that "a row of another
 * class" is one random number with the own class's block skipped.
 */
final class PartnerPicker implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] byClass;
    private final int[] positionOf;
    private final int[] blockStart;
    private final int[] blockSize;

    PartnerPicker(LabelledData data) {
        int n = data.size();
        byClass = new int[n];
        positionOf = new int[n];
        blockStart = new int[n];
        blockSize = new int[n];
        int at = 0;
        for (int[] rows : data.allClasses()) {
            int start = at;
            for (int row : rows) {
                byClass[at] = row;
                positionOf[row] = at;
                blockStart[row] = start;
                blockSize[row] = rows.length;
                at++;
            }
        }
    }

    /** Examples in the row's class, the row included. */
    int classSize(int row) {
        return blockSize[row];
    }

    /** The rows, in ascending order, whose class has another example to be their positive. */
    int[] rowsWithAPositive() {
        return IntStream.range(0, blockSize.length).filter(row -> blockSize[row] >= 2).toArray();
    }

    /** A uniformly random other example of the row's class; the class must have two or more. */
    int positive(int row, Random random) {
        int j = random.nextInt(blockSize[row] - 1);
        int own = positionOf[row] - blockStart[row];
        return byClass[blockStart[row] + (j >= own ? j + 1 : j)];
    }

    /**
     * {@code count} other examples of the row's class: distinct while the class has enough,
     * otherwise every other example once and random repeats after.
     */
    int[] positives(int row, int count, Random random) {
        int others = blockSize[row] - 1;
        int[] out = new int[count];
        if (others >= count) {
            // Rejection keeps each draw O(1) in the class size; count is a handful.
            for (int i = 0; i < count; i++) {
                int candidate;
                do {
                    candidate = positive(row, random);
                } while (contains(out, i, candidate));
                out[i] = candidate;
            }
            return out;
        }
        // Too few: every other example once, in random order, then random repeats.
        int[] order = Sampling.permutation(others, random);
        for (int i = 0; i < count; i++) {
            int j = i < others ? order[i] : random.nextInt(others);
            int own = positionOf[row] - blockStart[row];
            out[i] = byClass[blockStart[row] + (j >= own ? j + 1 : j)];
        }
        return out;
    }

    /** A uniformly random example of any class but the row's; there must be another class. */
    int negative(int row, Random random) {
        int r = random.nextInt(byClass.length - blockSize[row]);
        return byClass[r >= blockStart[row] ? r + blockSize[row] : r];
    }

    /** A random other member of group {@code g} of a P×K batch (member {@code j} excluded). */
    static int positiveInBatch(int[][] groups, int g, int j, Random random) {
        int k = groups[g].length;
        int other = random.nextInt(k - 1);
        return groups[g][other >= j ? other + 1 : other];
    }

    /** {@code count} other members of group {@code g}: distinct while there are enough, else each once and then repeats. */
    static int[] positivesInBatch(int[][] groups, int g, int j, int count, Random random) {
        int others = groups[g].length - 1;
        int[] out = new int[count];
        if (others >= count) {
            int[] picks = Sampling.distinct(others, count, random);
            for (int i = 0; i < count; i++) {
                out[i] = groups[g][picks[i] >= j ? picks[i] + 1 : picks[i]];
            }
            return out;
        }
        int[] order = Sampling.permutation(others, random);
        for (int i = 0; i < count; i++) {
            int pick = i < others ? order[i] : random.nextInt(others);
            out[i] = groups[g][pick >= j ? pick + 1 : pick];
        }
        return out;
    }

    /** A uniformly random member of any group of the batch but {@code g}. */
    static int negativeInBatch(int[][] groups, int g, Random random) {
        int other = random.nextInt(groups.length - 1);
        int[] group = groups[other >= g ? other + 1 : other];
        return group[random.nextInt(group.length)];
    }

    private static boolean contains(int[] a, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (a[i] == value) {
                return true;
            }
        }
        return false;
    }
}

package io.github.dl4jlosses.ops;

import org.nd4j.linalg.api.buffer.DataType;

/** Limits of ND4J's floating-point data types that Java's {@code Float}/{@code Double} constants do not cover. */
public final class Precision {
    private Precision() {
    }

    /** The smallest positive normal number of {@code type}: below it a value loses precision before it reaches 0. */
    public static double smallestNormal(DataType type) {
        switch (type) {
            case HALF:
                return 6.103515625e-5;  // 2^-14
            case DOUBLE:
                return Double.MIN_NORMAL;
            default:
                return Float.MIN_NORMAL; // FLOAT and BFLOAT16 (same exponent range)
        }
    }

    /** The largest finite number of {@code type}. */
    public static double largest(DataType type) {
        switch (type) {
            case HALF:
                return 65504;
            case BFLOAT16:
                return 3.3895313892515355e38;   // (2 − 2^-7)·2^127
            case DOUBLE:
                return Double.MAX_VALUE;
            default:
                return Float.MAX_VALUE;
        }
    }
}

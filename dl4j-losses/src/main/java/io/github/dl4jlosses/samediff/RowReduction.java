package io.github.dl4jlosses.samediff;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Base of the row reductions ({@link SquaredRowNorms}, {@link RowNorms}): a libnd4j reduction of {@code m}
 * ({@code [B,D]}) along its rows, keeping their dimension ({@code [B,1]}), under a name of its own
 * ({@link NativeUnderOwnName}). The reduction's arguments are set here once; each subclass names the native op and
 * gives its own backprop.
 */
abstract class RowReduction extends NativeUnderOwnName {
    /** For deserialization (SameDiff's op cloning). */
    RowReduction(String nativeName) {
        super(nativeName);
    }

    RowReduction(String nativeName, SameDiff sd, SDVariable m) {
        super(nativeName, sd, m);
        addIArgument(1);                        // along the rows
        addTArgument(1.0);                      // keeping their dimension: [B,1]
    }
}

package io.github.dl4jlosses.loss;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LossBuilder} directly: defaults, values checked only when the loss is built, the last value set wins. */
class LossBuilderTest {
    private static final Option<Double> MARGIN = Option.nonNegative("margin", 1.0);
    private static final Option<Boolean> SWAP = Option.flag("swap", false);
    private static final List<Option<?>> SCHEMA = List.of(MARGIN, SWAP);

    /** A loss with just options, made by the builder's factory. */
    private static final class Probe extends LossTriplet {
        final LossOptions given;

        Probe(LossOptions given) {
            this.given = given;
        }
    }

    private static final class Builder extends LossBuilder<Builder, Probe> {
        Builder() {
            super("Probe", SCHEMA, Probe::new);
        }

        Builder margin(double m) {
            return set(MARGIN, m);
        }
    }

    @Test
    void unsetOptionsKeepTheirDefaultsAndTheLastValueWins() {
        assertEquals(LossOptions.defaults("Probe", SCHEMA), new Builder().build().given);
        LossOptions o = new Builder().margin(2).margin(0.5).build().given;
        assertEquals(0.5, o.get(MARGIN));
        assertEquals(false, o.get(SWAP));
    }

    @Test
    void aRefusedValueFailsWhenTheLossIsBuiltNamingTheLoss() {
        Builder b = new Builder().margin(-1);          // setting does not check
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith("Probe: expected margin to be a finite number >= 0, got -1"), e.getMessage());
    }
}

package io.github.dl4jlosses.loss;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LossBuilder} directly: defaults, values checked only when the loss is built, the last value wins. */
class LossBuilderTest {
    private static final Option<Double> MARGIN = Option.nonNegative("margin", 1.0);
    private static final Option<Boolean> SWAP = Option.flag("swap", false);
    private static final Option<Integer> BLOCKS = Option.integerAtLeast("blocks", 1, 2);
    private static final List<Option<?>> SCHEMA = List.of(MARGIN, SWAP, BLOCKS);

    /** A loss with just options. */
    private static final class Probe extends RankingLoss {
        Probe() {
            super(SCHEMA);
        }

        @Override
        protected void validate(String owner, INDArray labels, INDArray output) {
        }

        @Override
        protected Forward forward(INDArray labels, INDArray output, boolean withGradient) {
            throw new UnsupportedOperationException();
        }
    }

    private static LossBuilder<Probe> builder() {
        return new LossBuilder<>(Probe::new);
    }

    @Test
    void unsetOptionsKeepTheirDefaultsAndTheLastValueWins() {
        assertEquals(LossOptions.defaults("Probe", SCHEMA), builder().build().options());
        Probe p = builder().with(MARGIN, 2).with(MARGIN, 0.5).with(BLOCKS, 3).build();
        assertEquals(0.5, p.get(MARGIN));
        assertEquals(false, p.get(SWAP));
        assertEquals(3, p.get(BLOCKS));
    }

    @Test
    void aRefusedValueFailsWhenTheLossIsBuiltNamingTheLoss() {
        LossBuilder<Probe> b = builder().with(MARGIN, -1);          // setting does not check
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith("Probe: expected margin to be a finite number >= 0, got -1"), e.getMessage());
    }

    @Test
    void anOptionOfAnotherLossIsRefusedNamingIt() {
        LossBuilder<Probe> b = builder().with(LossInfoNCE.TEMPERATURE, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertEquals("Probe: has no option temperature", e.getMessage());
    }

    @Test
    void eachBuildMakesANewLoss() {
        LossBuilder<Probe> b = builder().with(SWAP, true);
        Probe first = b.build();
        Probe second = b.with(SWAP, false).build();
        assertEquals(true, first.get(SWAP));
        assertEquals(false, second.get(SWAP));
    }
}

package io.github.dl4jlosses.loss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds a loss from its options, each named by the loss's {@link Option} constant:
 * {@code LossTriplet.builder().with(LossTriplet.MARGIN, 0.5).with(LossTriplet.SWAP, true).build()}. Values are
 * collected unchecked; {@link #build} checks them all at once by the same {@link Option} rules that JSON and Java
 * deserialization go through, so a builder's errors name the loss being built. A SameDiff twin is built from its
 * loss: {@code new SDLossTriplet(LossTriplet.builder()...build())}.
 *
 * @param <L> the loss built
 */
public final class LossBuilder<L extends RankingLoss> {
    private final Map<Option<?>, Object> given = new LinkedHashMap<>();
    private final Supplier<L> defaults;

    /** @param defaults makes the loss with every option at its default (its no-argument constructor) */
    public LossBuilder(Supplier<L> defaults) {
        this.defaults = defaults;
    }

    /** Sets {@code option} to {@code value} (checked by {@link #build}); the last value set wins. */
    public <T> LossBuilder<L> with(Option<T> option, T value) {
        given.put(option, value);
        return this;
    }

    /** Sets a numeric option; lets an integer literal such as {@code with(MARGIN, 1)} set a {@code double} option. */
    public LossBuilder<L> with(Option<Double> option, double value) {
        return with(option, Double.valueOf(value));
    }

    /**
     * @return the loss with this builder's options
     * @throws IllegalArgumentException naming the loss and the first refused value, or an option the loss does not have
     */
    public L build() {
        L loss = defaults.get();
        LossOptions options = loss.options();
        loss.configure(LossOptions.of(loss.name(), options.schema(), given));
        return loss;
    }
}

package io.github.dl4jlosses.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the losses' builders (and of their SameDiff twins' builders): collects the values set, unchecked;
 * {@link #options} checks them all at once through {@link LossOptions#of}, so that a builder's errors name the
 * loss being built and a value is checked by the same {@link Option} rule whichever way it arrives.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class LossBuilder<B extends LossBuilder<B>> {
    private final Map<Option<?>, Object> given = new LinkedHashMap<>();

    /** A builder with every option at its default. */
    protected LossBuilder() {
    }

    /** Sets {@code option} (checked when the loss is built). */
    protected final <T> B set(Option<T> option, T value) {
        given.put(option, value);
        return self();
    }

    /** The options set so far over the defaults of {@code schema}, checked; {@code owner} names the loss. */
    protected final LossOptions options(String owner, List<Option<?>> schema) {
        return LossOptions.of(owner, schema, given);
    }

    /** @return this builder, typed as the concrete builder */
    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }
}

package io.github.dl4jlosses.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Base of the losses' builders (and of their SameDiff twins' builders): collects the values set, unchecked;
 * {@link #options} checks them all at once through {@link LossOptions#of}, so that a builder's errors name the
 * loss being built and a value is checked by the same {@link Option} rule whichever way it arrives.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <L> the loss built
 */
public abstract class LossBuilder<B extends LossBuilder<B, L>, L extends RankingLoss> {
    private final Map<Option<?>, Object> given = new LinkedHashMap<>();
    private final List<Option<?>> schema;
    private final Function<LossOptions, L> loss;

    /**
     * A builder with every option at its default.
     *
     * @param schema the loss's options
     * @param loss   makes the loss from its checked options (its constructor)
     */
    protected LossBuilder(List<Option<?>> schema, Function<LossOptions, L> loss) {
        this.schema = schema;
        this.loss = loss;
    }

    /** The loss with the options set so far, each checked now; {@code owner} names the loss in error messages. */
    protected final L toLoss(String owner) {
        return loss.apply(options(owner, schema));
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

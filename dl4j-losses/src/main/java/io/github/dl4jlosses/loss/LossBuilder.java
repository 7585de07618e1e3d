package io.github.dl4jlosses.loss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Base of the losses' builders: collects the values set, unchecked; {@link #build} checks them all at once through
 * {@link LossOptions#of}, so that a builder's errors name the loss being built and a value is checked by the same
 * {@link Option} rule whichever way it arrives (builder, JSON, Java serialization). A SameDiff twin is built from
 * the loss: {@code new SDLossX(LossX.builder()...build())}.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <L> the loss built
 */
public abstract class LossBuilder<B extends LossBuilder<B, L>, L extends RankingLoss> {
    private final Map<Option<?>, Object> given = new LinkedHashMap<>();
    private final String owner;
    private final List<Option<?>> schema;
    private final Function<LossOptions, L> loss;

    /**
     * A builder with every option at its default.
     *
     * @param owner  names the loss in error messages
     * @param schema the loss's options
     * @param loss   makes the loss from its checked options (its constructor)
     */
    protected LossBuilder(String owner, List<Option<?>> schema, Function<LossOptions, L> loss) {
        this.owner = owner;
        this.schema = schema;
        this.loss = loss;
    }

    /** @return the loss with this builder's options (each checked now, by its option's rule) */
    public final L build() {
        return loss.apply(LossOptions.of(owner, schema, given));
    }

    /** Sets {@code option} (checked when the loss is built). */
    protected final <T> B set(Option<T> option, T value) {
        given.put(option, value);
        @SuppressWarnings("unchecked")
        B self = (B) this;
        return self;
    }
}

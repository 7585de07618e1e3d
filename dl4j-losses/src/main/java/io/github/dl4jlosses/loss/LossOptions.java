package io.github.dl4jlosses.loss;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The options of one loss as an immutable value: its {@link Option}s (the schema), one checked value for each,
 * and value semantics ({@link #equals}, {@link #hashCode}, {@link #toString}) so that a loss need not repeat
 * them. Every way a value enters goes through {@link Option#check}: builders ({@link #of}), JSON
 * ({@link #with(String, Object)}, from {@link RankingLoss}'s JSON hooks) and Java deserialization
 * ({@link #readResolve}, which checks the values again, so a tampered or old stream cannot bring in a value the
 * builder would refuse).
 */
public final class LossOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Names the loss in error messages. */
    private final String owner;
    /** The options this loss has, in order: name, default and allowed range of each. */
    private final List<Option<?>> schema;
    /** Option name → checked value, in schema order. */
    private final LinkedHashMap<String, Object> values;

    private LossOptions(String owner, List<Option<?>> schema, LinkedHashMap<String, Object> values) {
        this.owner = owner;
        this.schema = schema;
        this.values = values;
    }

    /** Every option at its default. */
    public static LossOptions defaults(String owner, List<Option<?>> schema) {
        return of(owner, schema, Collections.emptyMap());
    }

    /**
     * Defaults overridden by {@code given} (option → value), each value checked.
     *
     * @throws IllegalArgumentException for the first value (in schema order) its option refuses
     */
    public static LossOptions of(String owner, List<Option<?>> schema, Map<Option<?>, ?> given) {
        for (Option<?> o : given.keySet()) {
            if (!schema.contains(o)) {
                throw new IllegalArgumentException(owner + ": has no option " + o.name());
            }
        }
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        for (Option<?> o : schema) {
            values.put(o.name(), o.check(owner, given.containsKey(o) ? given.get(o) : o.defaultValue()));
        }
        // a plain list (never modified): serializers that refill collections field by field (Kryo) cannot refill
        // the JDK's immutable ones
        return new LossOptions(owner, new ArrayList<>(schema), values);
    }

    /**
     * A copy with option {@code name} set to {@code value} (as JSON gives it), checked.
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a refused value
     */
    public LossOptions with(String name, Object value) {
        Option<?> option = schema.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(String.format("%s: unknown option \"%s\"; its options are %s",
                        owner, name, String.join(", ", values.keySet()))));
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, option.check(owner, value));
        return new LossOptions(owner, schema, copy);
    }

    /** The options this loss has, in order. */
    List<Option<?>> schema() {
        return Collections.unmodifiableList(schema);
    }

    /** The value of {@code option}, which must be one of this loss's. */
    public <T> T get(Option<T> option) {
        Object v = values.get(option.name());
        if (v == null) {
            throw new IllegalArgumentException(owner + ": has no option " + option.name());
        }
        @SuppressWarnings("unchecked") T typed = (T) v;
        return typed;
    }

    /** Option name → value, sorted by name (as DL4J's JSON writes properties). */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Option name → value as JSON carries it ({@link Option#toJsonValue}), sorted by name; options added later
     * ({@link Option#addedComponent}) are left out at their default, so that older configurations write the same.
     */
    public Map<String, Object> asJson() {
        TreeMap<String, Object> json = new TreeMap<>();
        for (Option<?> o : schema) {
            Object v = values.get(o.name());
            if (shown(o, v)) {
                json.put(o.name(), o.toJsonValue(v));
            }
        }
        return Collections.unmodifiableMap(json);
    }

    /** Whether JSON and {@code toString} show {@code option} at {@code value} (added options not at their default). */
    private static boolean shown(Option<?> option, Object value) {
        return !option.isOmittedAtDefault() || !value.equals(option.defaultValue());
    }

    /** Java deserialization: the values are checked again, exactly as a builder checks them. */
    private Object readResolve() throws ObjectStreamException {
        LinkedHashMap<String, Object> checked = new LinkedHashMap<>();
        for (Option<?> o : schema) {
            if (!values.containsKey(o.name())) {
                throw new IllegalArgumentException(owner + ": serialized options lack " + o.name());
            }
            checked.put(o.name(), o.check(owner, values.get(o.name())));
        }
        return new LossOptions(owner, schema, checked);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof LossOptions && values.equals(((LossOptions) o).values));
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** {@code name=value, …} in schema order (options added later are left out at their default, as in JSON). */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ");
        for (Option<?> o : schema) {
            Object v = values.get(o.name());
            if (shown(o, v)) {
                j.add(o.name() + "=" + v);
            }
        }
        return j.toString();
    }
}

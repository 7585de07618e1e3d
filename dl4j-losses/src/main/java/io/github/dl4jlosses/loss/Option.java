package io.github.dl4jlosses.loss;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One option of a loss: its name (the JSON property), its default and the rule every value must pass. The
 * rule lives here once and is applied wherever a value arrives — a builder, a JSON configuration, a Java
 * deserialized loss or a SameDiff function's argument — so every route rejects the same values with the same
 * message: the loss, the option, the allowed range and the value that came.
 * <p>
 * Values arrive typed (from a builder) or as JSON gives them (any {@link Number}, enum names as strings); both
 * are converted to the option's type first, and what cannot be converted is rejected like an out-of-range value.
 *
 * A <em>component</em> option ({@link #component}) holds an object with its own configuration (a miner, a wrapped
 * loss): JSON gives it as an object with its {@code "@class"}, read and written by DL4J's mapper.
 *
 * @param <T> the option's value type: {@link Double}, {@link Integer}, {@link Boolean}, an enum, or a component
 */
public final class Option<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The option's name, as in JSON and in error messages. */
    private final String name;
    /** The option's value type. */
    private final Class<T> type;
    /** The value a loss takes when the option is not given. */
    private final T defaultValue;
    /** Numbers: the smallest allowed value and whether it is allowed itself; ignored otherwise. */
    private final double min;
    /** Whether {@link #min} itself is allowed. */
    private final boolean minInclusive;
    /** Integers: the only allowed values, or null for "at least {@link #min}". */
    private final int[] allowed;
    /** Components: the rule a value must pass besides its type, or null. */
    private final Rule<T> rule;
    /** Components: whether JSON leaves the option out while it has its default. */
    private final boolean omittedAtDefault;

    /** A component's rule: a serializable predicate and its description ("a labelled-batch loss"). */
    public static final class Rule<T> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SerializablePredicate<T> test;
        private final String description;

        /** A rule that values pass when {@code test} holds, described as {@code description}. */
        public Rule(SerializablePredicate<T> test, String description) {
            this.test = test;
            this.description = description;
        }
    }

    /** A predicate that can be Java-serialized with the option that holds it. */
    public interface SerializablePredicate<T> extends Predicate<T>, Serializable {
    }

    private Option(String name, Class<T> type, T defaultValue, double min, boolean minInclusive, int[] allowed,
                   Rule<T> rule, boolean omittedAtDefault) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.minInclusive = minInclusive;
        this.allowed = allowed;
        this.rule = rule;
        this.omittedAtDefault = omittedAtDefault;
        check("Option", defaultValue); // a default outside its own range is a programming error
    }

    private Option(String name, Class<T> type, T defaultValue, double min, boolean minInclusive, int[] allowed) {
        this(name, type, defaultValue, min, minInclusive, allowed, null, false);
    }

    /** A finite real number {@code >= 0} (margins, weights). */
    public static Option<Double> nonNegative(String name, double defaultValue) {
        return new Option<>(name, Double.class, defaultValue, 0, true, null);
    }

    /** A finite real number {@code > 0} (scales, exponents). */
    public static Option<Double> positive(String name, double defaultValue) {
        return new Option<>(name, Double.class, defaultValue, 0, false, null);
    }

    /**
     * A finite real number {@code >= min}: for values that are divided by, where "positive" still lets a
     * denormal-tiny value overflow the quotient to infinity.
     */
    public static Option<Double> atLeast(String name, double min, double defaultValue) {
        return new Option<>(name, Double.class, defaultValue, min, true, null);
    }

    /** Any finite real number. */
    public static Option<Double> finite(String name, double defaultValue) {
        return new Option<>(name, Double.class, defaultValue, Double.NEGATIVE_INFINITY, false, null);
    }

    /** An integer {@code >= min}. */
    public static Option<Integer> integerAtLeast(String name, int min, int defaultValue) {
        return new Option<>(name, Integer.class, defaultValue, min, true, null);
    }

    /** An integer out of {@code allowed}. */
    public static Option<Integer> integerOneOf(String name, int defaultValue, int... allowed) {
        return new Option<>(name, Integer.class, defaultValue, 0, true, allowed.clone());
    }

    /** true or false. */
    public static Option<Boolean> flag(String name, boolean defaultValue) {
        return new Option<>(name, Boolean.class, defaultValue, 0, true, null);
    }

    /** A constant of {@code type} (never null); JSON gives its name. */
    public static <E extends Enum<E>> Option<E> choice(String name, Class<E> type, E defaultValue) {
        return new Option<>(name, type, defaultValue, 0, true, null);
    }

    /**
     * An object with its own configuration (a miner, a wrapped loss) of {@code type}, never null, that also passes
     * {@code rule}; JSON gives it as an object with its {@code "@class"}.
     */
    public static <T> Option<T> component(String name, Class<T> type, T defaultValue, Rule<T> rule) {
        return new Option<>(name, type, defaultValue, 0, true, null, rule, false);
    }

    /**
     * A {@link #component} that JSON leaves out while it has its default, so that configurations written before
     * the option existed read and write the same (e.g. a loss's {@code miner}).
     */
    public static <T> Option<T> addedComponent(String name, Class<T> type, T defaultValue, Rule<T> rule) {
        return new Option<>(name, type, defaultValue, 0, true, null, rule, true);
    }

    /** Whether this is a {@link #component} option. */
    public boolean isComponent() {
        return rule != null;
    }

    /** Whether JSON leaves this option out while it has its default. */
    public boolean isOmittedAtDefault() {
        return omittedAtDefault;
    }

    /**
     * {@code value} as JSON should carry it: the value itself, or for a component a tree with its
     * {@code "@class"} (written as the option's declared type, so that the type property is included).
     */
    public Object toJsonValue(Object value) {
        if (!isComponent()) {
            return value;
        }
        try {
            String json = NeuralNetConfiguration.mapper().writerFor(type).writeValueAsString(value);
            return NeuralNetConfiguration.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write " + name + " = " + value + " as JSON", e);
        }
    }

    /** @return the option's name, as in JSON and in error messages */
    public String name() {
        return name;
    }

    /** @return the value a loss takes when the option is not given */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * {@code value} as this option's type if the rule allows it.
     *
     * @param owner names the loss (or function) in the message
     * @throws IllegalArgumentException naming {@code owner}, the option, the allowed range and the value
     */
    public T check(String owner, Object value) {
        T typed = convert(value);
        if (typed == null || !allows(typed)) {
            throw new IllegalArgumentException(String.format("%s: expected %s to be %s, got %s",
                    owner, name, range(), describe(value)));
        }
        return typed;
    }

    /** What the rule allows, in words (as error messages say it). */
    public String range() {
        if (type == Double.class) {
            if (min == Double.NEGATIVE_INFINITY) {
                return "a finite number";
            }
            return "a finite number " + (minInclusive ? ">= " : "> ") + format(min);
        }
        if (type == Integer.class) {
            if (allowed != null) {
                String[] s = Arrays.stream(allowed).mapToObj(String::valueOf).toArray(String[]::new);
                return s.length == 2 ? s[0] + " or " + s[1] : "one of " + String.join(", ", s);
            }
            return "an integer >= " + (long) min;
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (rule != null) {
            return rule.description;
        }
        return "one of " + Arrays.toString(type.getEnumConstants());
    }

    private boolean allows(T value) {
        if (value instanceof Double) {
            double v = (Double) value;
            return Double.isFinite(v) && (minInclusive ? v >= min : v > min);
        }
        if (value instanceof Integer) {
            int v = (Integer) value;
            return allowed != null ? Arrays.stream(allowed).anyMatch(a -> a == v) : v >= min;
        }
        return rule == null || rule.test.test(value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private T convert(Object value) {
        if (value == null || type.isInstance(value)) {
            return (T) value;
        }
        if (type == Double.class && value instanceof Number) {
            return (T) Double.valueOf(((Number) value).doubleValue());
        }
        if (type == Integer.class && value instanceof Number) {
            double v = ((Number) value).doubleValue();
            return v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE ? (T) Integer.valueOf((int) v) : null;
        }
        if (rule != null && (value instanceof Map || value instanceof org.nd4j.shade.jackson.databind.JsonNode)) {
            return fromJson(value);
        }
        if (type.isEnum() && value instanceof String) {
            for (Object c : type.getEnumConstants()) {
                if (((Enum) c).name().equals(value)) {
                    return (T) c;
                }
            }
        }
        return null;
    }

    /** A component from its JSON form; the component's own IllegalArgumentException passes through. */
    private T fromJson(Object value) {
        try {
            return NeuralNetConfiguration.mapper().convertValue(value, type);
        } catch (IllegalArgumentException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    throw (IllegalArgumentException) t;
                }
            }
            return null;
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        return value instanceof Number || value instanceof Boolean || value instanceof Enum
                ? String.valueOf(value) : value + " (" + value.getClass().getSimpleName() + ")";
    }

    private static String format(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Option)) return false;
        Option<?> that = (Option<?>) o;
        return name.equals(that.name) && type == that.type && Objects.equals(defaultValue, that.defaultValue)
                && Double.compare(min, that.min) == 0 && minInclusive == that.minInclusive
                && Arrays.equals(allowed, that.allowed) && (rule == null) == (that.rule == null);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, defaultValue);
    }

    @Override
    public String toString() {
        return name + " (" + range() + ", default " + defaultValue + ")";
    }
}

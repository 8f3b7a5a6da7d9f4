package org.facelfs.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one mapping between an enum constant and its name in configuration, JSON and reports:
 * kebab-case of the constant ({@code SEARCH_SOFTMAX} ↔ {@code search-softmax}). Enums that are
 * written to JSON expose it with {@code @JsonValue String key()}, which Jackson also reads back.
 */
public final class Choices {

    private Choices() {
    }

    /** The name of {@code choice}: its constant in lower case, '_' as '-'. */
    public static String key(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant named {@code key} (case-insensitive), if any. */
    public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(c -> key(c).equals(k)).findFirst();
    }

    /** Every name of {@code type}, in declaration order. */
    public static <E extends Enum<E>> List<String> keys(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::key).toList();
    }
}

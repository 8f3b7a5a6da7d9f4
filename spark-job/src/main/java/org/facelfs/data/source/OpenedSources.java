package org.facelfs.data.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Data opened once per JVM (one executor): every later round and candidate that names the same
 * source gets the same object, whose decoded images stay in the decode cache.
 */
final class OpenedSources {

    private static final Map<Object, Object> OPENED = new ConcurrentHashMap<>();

    private OpenedSources() {
    }

    @SuppressWarnings("unchecked")
    static <T> T once(Object source, Supplier<T> open) {
        return (T) OPENED.computeIfAbsent(source, k -> open.get());
    }

    /** Forgets every opened source (tests). */
    static void clear() {
        OPENED.clear();
    }
}

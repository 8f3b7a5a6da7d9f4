package org.facelfs.loss;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;

/**
 * JSON form of {@link LossSpec} ({@code {"type": "cosface", "scale": 32.0, "m2": 0.35}}). DL4J
 * serialises its configurations with its own shaded Jackson, which does not see the annotations on
 * {@link LossSpec}; the output layer therefore stores the spec as this JSON string.
 */
public final class LossSpecJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LossSpecJson() {
    }

    /** The JSON text of {@code spec}. */
    public static String write(LossSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write loss spec " + spec + " as JSON", e);
        }
    }

    /** The loss's family as its JSON {@code "type"} names it ({@code "cosface"}), as history lists it. */
    public static String typeName(LossSpec spec) {
        return Arrays.stream(LossSpec.class.getAnnotation(JsonSubTypes.class).value())
                .filter(t -> t.value() == spec.getClass()).map(JsonSubTypes.Type::name).findFirst().orElseThrow();
    }

    /** The spec of a JSON text; a bad text fails with a message quoting it. */
    public static LossSpec read(String json) {
        try {
            return MAPPER.readValue(json, LossSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a loss spec JSON (" + e.getOriginalMessage() + "): " + json, e);
        }
    }
}

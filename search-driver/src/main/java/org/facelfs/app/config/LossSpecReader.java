package org.facelfs.app.config;

import org.facelfs.config.ConfigReader;
import org.facelfs.config.ConfigError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.facelfs.loss.LossSpec;

/**
 * Reads a loss object ({@code { type = cosface, scale = 32, cosine-margin = 0.35 }}) from the config;
 * the margin keys and the {@code insightface = [m1, m2, m3]} form are {@link LossSpec}'s.
 */
public final class LossSpecReader {

    static final String TYPES = "softmax, sphereface, cosface, arcface, combined, unified-global, "
            + "unified-piecewise, am-lfs, am-lfs-t, elasticface-arc, elasticface-cos, curricularface, adaface";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LossSpecReader() {
    }

    /** The loss at {@code path}, or null when it is null or absent. */
    public static LossSpec read(ConfigReader config, String path) {
        return config.isNull(path) ? null : parse(config, path, config.json(path));
    }

    /** As {@link #read}, with {@code scale} filled in when the object has none ({@code { type = cosface, m2 = 0.35 }}). */
    public static LossSpec readWithDefaultScale(ConfigReader config, String path, double scale) {
        if (config.isNull(path)) {
            return null;
        }
        String json = config.json(path);
        try {
            if (JSON.readTree(json) instanceof ObjectNode o && !o.has("scale")) {
                json = JSON.writeValueAsString(o.put("scale", scale));
            }
        } catch (IOException e) {
            throw new ConfigError(config.key(path), "not a loss object: " + json);
        }
        return parse(config, path, json);
    }

    private static LossSpec parse(ConfigReader config, String path, String json) {
        try {
            return JSON.readValue(json, LossSpec.class);
        } catch (InvalidTypeIdException e) {
            throw new ConfigError(config.key(path), "unknown or missing loss type in " + json + "; allowed types: "
                    + TYPES);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String msg = cause == e ? e.getMessage().lines().findFirst().orElse("") : cause.getMessage();
            throw new ConfigError(config.key(path), "not a valid loss " + json + ": " + msg);
        }
    }

}

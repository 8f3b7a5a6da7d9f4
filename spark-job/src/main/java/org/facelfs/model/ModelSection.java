package org.facelfs.model;

import java.util.ArrayList;
import java.util.List;
import org.facelfs.config.Choices;
import org.facelfs.config.ConfigError;
import org.facelfs.config.ConfigReader;
import org.facelfs.data.ImageShape;

/** The {@code model} section (documented, with its defaults, in this module's reference.conf). */
public final class ModelSection {

    private static final String AUTO = "auto";

    private ModelSection() {
    }

    /** The backbone {@code model.*} describes, for images of {@code input} ({@code data.image}). */
    public static BackboneSpec read(ConfigReader root, ImageShape input) {
        return root.build("model", m -> backbone(m, input));
    }

    private static BackboneSpec backbone(ConfigReader m, ImageShape shape) {
        BackboneKind kind = m.choice("backbone", BackboneKind.class);
        List<Integer> widths = new ArrayList<>(m.ints("widths"));
        if (widths.isEmpty()) {
            widths.addAll(switch (kind) {
                case SMALL_CNN -> BackboneSpec.SMALL_CNN_WIDTHS;
                case MOBILEFACENET -> List.of();
                default -> BackboneSpec.IRESNET_WIDTHS;
            });
        }
        return new BackboneSpec(kind, m.intAtLeast("embedding", 1), shape, widths, m.inRange("dropout", 0, 0.99),
                nonlinearity(m, kind));
    }

    /** {@code model.nonlinearity}: a {@link Nonlinearity}, or auto (PReLU but for the small CNN). */
    private static Nonlinearity nonlinearity(ConfigReader m, BackboneKind kind) {
        String v = m.string("nonlinearity");
        if (AUTO.equals(v)) {
            return kind == BackboneKind.SMALL_CNN ? Nonlinearity.LEAKY_RELU : Nonlinearity.PRELU;
        }
        return Choices.parse(Nonlinearity.class, v).orElseThrow(() -> new ConfigError(m.key("nonlinearity"),
                "unknown value '" + v + "'; allowed: " + AUTO + ", " + String.join(", ", Choices.keys(Nonlinearity.class))));
    }
}

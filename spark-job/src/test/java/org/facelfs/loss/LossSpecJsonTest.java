package org.facelfs.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** JSON round trip of every member of the loss family, with its "type" name. */
class LossSpecJsonTest {

    static Stream<Object[]> everyMember() {
        return Stream.of(
                new Object[] {new LossSpec.Softmax(32), "softmax"},
                new Object[] {LossSpec.SphereFace.withReferenceAnnealing(32, 4), "sphereface"},
                new Object[] {new LossSpec.CosFace(32, 0.35), "cosface"},
                new Object[] {new LossSpec.ArcFace(64, 0.5), "arcface"},
                new Object[] {new LossSpec.Combined(32, 1.0, 0.2, 0.3), "combined"},
                new Object[] {new LossSpec.UnifiedGlobal(32, -100), "unified-global"},
                new Object[] {new LossSpec.UnifiedPiecewise(32, List.of(0.0, -1.0, -1e4)), "unified-piecewise"},
                new Object[] {new LossSpec.AmLfs(32, List.of(1.0, 0.5), List.of(0.0, 0.25)), "am-lfs"});
    }

    @ParameterizedTest
    @MethodSource("everyMember")
    void jsonRoundTripKeepsTheSpecAndItsTypeName(LossSpec spec, String typeName) {
        String json = LossSpecJson.write(spec);
        assertTrue(json.contains("\"type\":\"" + typeName + "\""), json);
        LossSpec back = LossSpecJson.read(json);
        assertEquals(spec, back);
        assertEquals(spec.formula(), back.formula());
    }

    @Test
    void badJsonNamesTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossSpecJson.read("{\"type\":\"nosuchloss\"}"));
        assertTrue(e.getMessage().contains("nosuchloss"), e.getMessage());
    }
}

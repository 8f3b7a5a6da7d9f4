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
                new Object[] {new LossSpec.AmLfs(32, List.of(1.0, 0.5), List.of(0.0, 0.25)), "am-lfs"},
                new Object[] {new LossSpec.AmLfsLogit(32, List.of(1.0, 0.5), List.of(0.0, 0.25)), "am-lfs-t"},
                new Object[] {new LossSpec.ElasticArc(64, 0.5, 0.05, 3), "elasticface-arc"},
                new Object[] {new LossSpec.ElasticCos(64, 0.35, 0.05, 3), "elasticface-cos"},
                new Object[] {new LossSpec.CurricularFace(64, 0.5, 0.123), "curricularface"},
                new Object[] {new LossSpec.AdaFace(64, 0.4, 0.333, 18.5, 3.25), "adaface"});
    }

    @ParameterizedTest
    @MethodSource("everyMember")
    void jsonRoundTripKeepsTheSpecAndItsTypeName(LossSpec spec, String typeName) {
        String json = LossSpecJson.write(spec);
        assertTrue(json.contains("\"type\":\"" + typeName + "\""), json);
        assertEquals(typeName, LossSpecJson.typeName(spec));
        LossSpec back = LossSpecJson.read(json);
        assertEquals(spec, back);
        assertEquals(spec.formula(), back.formula());
    }

    /** Written with the named margin keys; the old m1/m2/m3 (paper notation) still load, as old run directories hold them. */
    @Test
    void marginKeysAreNamedAndTheOldOnesStillLoad() {
        String cosFace = LossSpecJson.write(new LossSpec.CosFace(32, 0.35));
        assertTrue(cosFace.contains("\"cosine-margin\":0.35") && !cosFace.contains("m2"), cosFace);
        assertTrue(LossSpecJson.write(new LossSpec.ArcFace(64, 0.5)).contains("\"angular-margin\":0.5"));
        assertTrue(LossSpecJson.write(new LossSpec.Combined(64, 1, 0.2, 0.3))
                .matches(".*\"multiplicative\":1.0.*") );
        String combined = LossSpecJson.write(new LossSpec.Combined(64, 1, 0.2, 0.3));
        assertTrue(combined.contains("\"cosine-margin\":0.2") && combined.contains("\"angular-margin\":0.3"), combined);
        assertEquals(new LossSpec.CosFace(32, 0.35), LossSpecJson.read("{\"type\":\"cosface\",\"scale\":32.0,\"m2\":0.35}"));
        assertEquals(new LossSpec.ArcFace(64, 0.5), LossSpecJson.read("{\"type\":\"arcface\",\"scale\":64,\"m3\":0.5}"));
        assertEquals(new LossSpec.Combined(64, 1, 0.2, 0.3),
                LossSpecJson.read("{\"type\":\"combined\",\"scale\":64,\"m1\":1.0,\"m2\":0.2,\"m3\":0.3}"));
        assertEquals(LossSpec.SphereFace.withReferenceAnnealing(32, 4), LossSpecJson.read("{\"type\":\"sphereface\",\"scale\":32,\"m1\":4}"));
        // insightface's margin_list order: m2 angular, m3 cosine
        assertEquals(new LossSpec.Combined(64, 1, 0.0, 0.5),
                LossSpecJson.read("{\"type\":\"combined\",\"scale\":64,\"insightface\":[1.0,0.5,0.0]}"));
        assertEquals(new LossSpec.Combined(64, 1, 0.4, 0.0),
                LossSpecJson.read("{\"type\":\"combined\",\"scale\":64,\"insightface\":[1.0,0.0,0.4]}"));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> LossSpecJson.read("{\"type\":\"cosface\",\"scale\":32,\"m2\":0.3,\"cosine-margin\":0.35}"));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> LossSpecJson.read("{\"type\":\"combined\",\"scale\":32,\"insightface\":[1,0.5,0],\"m2\":0.3}"));
        assertTrue(mixed.getMessage().contains("insightface"), mixed.getMessage());
    }

    /** issue 21: -1e300 printed as -1e+3; exponents keep their digits. */
    @Test
    void formulaKeepsEveryExponentDigit() {
        assertTrue(new LossSpec.UnifiedGlobal(32, -1e29).formula().endsWith("a = -1e+29"),
                new LossSpec.UnifiedGlobal(32, -1e29).formula());
        assertTrue(new LossSpec.UnifiedGlobal(32, -1e20).formula().endsWith("a = -1e+20"));
        assertTrue(new LossSpec.UnifiedGlobal(32, -100).formula().endsWith("a = -100"));
        assertTrue(new LossSpec.UnifiedGlobal(32, -1.5e-5).formula().endsWith("a = -1.5e-05"));
        assertTrue(new LossSpec.UnifiedGlobal(32, -0.25).formula().endsWith("a = -0.25"));
        assertTrue(new LossSpec.UnifiedGlobal(32, -1e10).formula().endsWith("a = -1e+10"));
        assertTrue(new LossSpec.CosFace(30, 0.35).formula().contains("s=30,"));
    }

    /** issue 21: degenerate margins are refused with the range that makes sense. */
    @Test
    void degenerateMarginsAreRefusedWithTheirRange() {
        IllegalArgumentException cos = assertThrows(IllegalArgumentException.class, () -> new LossSpec.CosFace(32, 100));
        assertTrue(cos.getMessage().contains("[0, 2)") && cos.getMessage().contains("100"), cos.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LossSpec.Combined(32, 1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new LossSpec.ElasticCos(32, 2.5, 0.05, 0));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> new LossSpec.UnifiedGlobal(32, -1e300));
        assertTrue(a.getMessage().contains("[-1e+30, 0]") && a.getMessage().contains("-1e+300"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LossSpec.UnifiedPiecewise(32, List.of(0.0, -1e31)));
        assertEquals(-1e30, new LossSpec.UnifiedGlobal(32, -1e30).a());
        assertEquals(1.99, new LossSpec.CosFace(32, 1.99).m2());
    }

    @Test
    void badJsonNamesTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossSpecJson.read("{\"type\":\"nosuchloss\"}"));
        assertTrue(e.getMessage().contains("nosuchloss"), e.getMessage());
    }
}

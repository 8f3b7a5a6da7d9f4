package org.facelfs.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.facelfs.config.ConfigError;
import org.facelfs.config.ConfigReader;
import org.facelfs.data.ImageShape;
import org.facelfs.model.BackboneKind;
import org.facelfs.model.BackboneSpec;
import org.facelfs.model.ModelSection;
import org.facelfs.model.Nonlinearity;
import org.facelfs.train.LrSchedule;
import org.facelfs.train.TrainPlan;
import org.facelfs.train.TrainSection;
import org.junit.jupiter.api.Test;

/** data, model and train are read in this module, from this module's reference.conf alone. */
class DataSectionTest {

    private static ConfigReader config(String hocon) {
        return new ConfigReader(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference())
                .resolve());
    }

    @Test
    void theDefaultsAreReferenceConfsSyntheticFaces() {
        DataSection d = DataSection.read(config(""));
        TrainingSource.Synthetic s = assertInstanceOf(TrainingSource.Synthetic.class, d.train());
        assertEquals(new ImageShape(1, 32, 32), d.image());
        assertEquals(100, s.identities());
        assertEquals("synthetic-heldout", d.reward().name());
        assertTrue(d.eval().isEmpty());
    }

    @Test
    void aFormatIsAChoiceWhoseErrorListsTheFormats() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> DataSection.read(config("data.train.format = tfrecord")));
        assertEquals("data.train.format", e.key());
        assertTrue(e.getMessage().contains("synthetic, folders, recordio"), e.getMessage());
        ConfigError pairs = assertThrows(ConfigError.class,
                () -> DataSection.read(config("data.eval = [{ format = parquet, file = x }]")));
        assertEquals("data.eval[0].format", pairs.key());
        assertTrue(pairs.getMessage().contains("synthetic, lfw, csv, bin"), pairs.getMessage());
    }

    @Test
    void modelAndTrainAreReadHereToo() {
        BackboneSpec m = ModelSection.read(config("model.backbone = iresnet18"), new ImageShape(3, 112, 112));
        assertEquals(BackboneKind.IRESNET18, m.kind());
        assertEquals(Nonlinearity.PRELU, m.nonlinearity()); // auto
        ConfigError nl = assertThrows(ConfigError.class,
                () -> ModelSection.read(config("model.nonlinearity = tanh"), new ImageShape(1, 32, 32)));
        assertEquals("model.nonlinearity", nl.key());
        assertTrue(nl.getMessage().contains("auto, prelu, leaky-relu"), nl.getMessage());

        ConfigReader c = config("train.lr { schedule = cosine, base = 0.2 }");
        TrainPlan plan = TrainSection.read(c, DataSection.read(c), 12, 1);
        assertEquals(new LrSchedule.Cosine(0.2, 12, 0, 0), plan.optimizer().schedule());
        ConfigError s = assertThrows(ConfigError.class, () -> TrainSection.read(config("train.lr.schedule = step"),
                DataSection.read(c), 12, 1));
        assertEquals("train.lr.schedule", s.key());
        assertTrue(s.getMessage().contains("multistep, cosine"), s.getMessage());
    }
}

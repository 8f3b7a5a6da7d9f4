package org.facelfs.app.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.lang3.SerializationUtils;
import org.apache.hadoop.conf.Configuration;
import org.facelfs.data.HadoopFiles;
import org.facelfs.io.FileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setting only the driver's configuration has (here: the file system of a scheme, as
 * {@code spark.hadoop.fs.s3a.*} would be) reaches the data readers of the JVM a task runs in once
 * the shipped copy is installed; a default configuration does not have it.
 */
class DriverHadoopConfTest {

    @TempDir
    Path tmp;

    @AfterEach
    void resetTheJvmDefault() {
        FileStore.useAsDefault(new Configuration());
    }

    @Test
    void theDriversSettingsReachTheTaskJvmsFileAccess() throws Exception {
        Path file = Files.writeString(tmp.resolve("pairs.csv"), "a,b,1\n");
        org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path("marker://" + file);
        Configuration driver = new Configuration();
        driver.set("fs.marker.impl", MarkerFileSystem.class.getName());
        driver.setBoolean("fs.marker.impl.disable.cache", true);
        DriverHadoopConf shipped = SerializationUtils.roundtrip(DriverHadoopConf.of(driver));

        FileStore.useAsDefault(new Configuration()); // an executor before the task: Hadoop's defaults
        assertThrows(UncheckedIOException.class, () -> HadoopFiles.exists(marker));

        FileStore store = shipped.install();
        assertTrue(HadoopFiles.exists(marker), "the data readers see the driver's file system settings");
        assertTrue(store.exists(marker));
        assertTrue(FileStore.withDefaults().exists(marker));
    }
}

package org.facelfs.app.spark;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.facelfs.io.FileStore;

/**
 * The driver's Hadoop configuration ({@code spark.hadoop.*}, the operator's {@code hadoopConf},
 * the gateway's core-site/hdfs-site: S3 endpoint and credentials provider, HDFS HA nameservice),
 * shipped with every task as a serialisable copy and installed in the executor's JVM before the
 * task touches a file. Without it an executor's {@code new Configuration()} sees none of those
 * keys. (A copy per task, not a broadcast: a few tens of KB against a task that trains for minutes.)
 */
final class DriverHadoopConf implements Serializable {

    private final SerializableConfiguration conf;

    private DriverHadoopConf(Configuration conf) {
        this.conf = new SerializableConfiguration(conf);
    }

    /** The context's configuration, which also becomes the driver JVM's default. */
    static DriverHadoopConf of(JavaSparkContext sc) {
        FileStore.useAsDefault(sc.hadoopConfiguration());
        return of(sc.hadoopConfiguration());
    }

    static DriverHadoopConf of(Configuration conf) {
        return new DriverHadoopConf(conf);
    }

    /** Makes the shipped configuration this JVM's default ({@link FileStore#withDefaults()}) and returns a store over it. */
    FileStore install() {
        Configuration c = conf.value();
        FileStore.useAsDefault(c);
        return new FileStore(c);
    }
}

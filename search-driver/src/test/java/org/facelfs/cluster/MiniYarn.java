package org.facelfs.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN on 127.0.0.1 — ResourceManager and one NodeManager from
 * {@code hadoop-client-minicluster} — inside the test JVM, set up as Spark's own
 * {@code BaseYarnClusterSuite} does. Its client configuration is written as
 * {@code yarn-site.xml} into {@link #confDir()}, the {@code HADOOP_CONF_DIR} for spark-submit.
 */
public final class MiniYarn implements AutoCloseable {

    private final MiniYARNCluster cluster;
    private final Path confDir;

    private MiniYarn(MiniYARNCluster cluster, Path confDir) {
        this.cluster = cluster;
        this.confDir = confDir;
    }

    /** Starts ResourceManager and NodeManager ({@code nodeMemoryMb} for containers) under {@code dir}. */
    public static MiniYarn start(Path dir, int nodeMemoryMb) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
        conf.set("yarn.nodemanager.hostname", "127.0.0.1");
        // full disks must not mark the node unhealthy; containers are checked by pmem only (JVMs reserve
        // far more virtual memory than they use)
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
        conf.setInt("yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
        // MiniYARNCluster overrides the NodeManager's memory with this key (default 4096 MB)
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
        conf.setInt("yarn.nodemanager.resource.cpu-vcores", 4);
        conf.setInt("yarn.scheduler.minimum-allocation-mb", 256);
        // capacity-scheduler.xml is missing from hadoop-client-minicluster
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        conf.set("hadoop.tmp.dir", dir.resolve("tmp").toAbsolutePath().toString());
        // MiniYARNCluster puts its NodeManager's local and log dirs under ${test.build.data}
        System.setProperty("test.build.data", dir.resolve("data").toAbsolutePath().toString());
        MiniYARNCluster yarn = new MiniYARNCluster("facelfs-yarn", 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        try {
            // start() may return before the RM has its real port in the configuration
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the YARN ResourceManager did not get a port within 30 s");
                }
                StandaloneCluster.sleep(100);
            }
            Path confDir = Files.createDirectories(dir.resolve("hadoop-conf"));
            try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
                yarn.getConfig().writeXml(out);
            }
            return new MiniYarn(yarn, confDir);
        } catch (IOException | RuntimeException e) {
            yarn.stop();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** HADOOP_CONF_DIR / YARN_CONF_DIR for spark-submit: holds this cluster's yarn-site.xml. */
    public Path confDir() {
        return confDir;
    }

    @Override
    public void close() {
        cluster.stop();
    }
}

package org.facelfs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS on 127.0.0.1 — a NameNode and one DataNode from {@code hadoop-client-minicluster}
 * — inside the test JVM. Replication 1: there is a single DataNode.
 */
public final class MiniHdfs implements AutoCloseable {

    /** Free space the NameNode insists on before it leaves safe mode. */
    private static final long NAMENODE_RESERVED_BYTES = 4L << 20;

    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts NameNode and DataNode with their storage under {@code baseDir}. */
    public static MiniHdfs start(Path baseDir) {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        conf.set("dfs.replication", "1");
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        // By default a NameNode with under 100 MB free on its disk stays in safe mode, which MiniDFSCluster waits
        // 10 s for and reports only as "Timed out": the shared disk of a CI machine can be that full for a while,
        // and a test NameNode's edits take kilobytes.
        conf.setLong("dfs.namenode.resource.du.reserved", NAMENODE_RESERVED_BYTES);
        try {
            return new MiniHdfs(new MiniDFSCluster.Builder(conf).numDataNodes(1).build());
        } catch (IOException e) {
            long freeMib = baseDir.toFile().getUsableSpace() >> 20;
            throw new UncheckedIOException("cannot start the HDFS minicluster in " + baseDir + " (" + freeMib
                    + " MiB free there): " + e.getMessage(), e);
        }
    }

    /** {@code hdfs://127.0.0.1:PORT} */
    public String uri() {
        return "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    }

    /** A client configuration for this HDFS (fs.defaultFS set). */
    public Configuration conf() {
        Configuration c = new Configuration(cluster.getConfiguration(0));
        c.set("fs.defaultFS", uri());
        return c;
    }

    @Override
    public void close() {
        cluster.shutdown();
    }
}

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
        try {
            return new MiniHdfs(new MiniDFSCluster.Builder(conf).numDataNodes(1).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HDFS minicluster in " + baseDir, e);
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

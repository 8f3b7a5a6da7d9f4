package org.facelfs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A real S3 API on 127.0.0.1: S3Proxy with its file-system backend, in its own JVM from its
 * jar-with-dependencies (its Jetty, jclouds and Guava would clash with Spark's and Hadoop's on one
 * class path). A bucket is a folder under the backend directory. Clients sign requests (AWS v2 or
 * v4) with the key pair below; path-style addressing, plain HTTP.
 */
public final class S3Server implements AutoCloseable {

    /** Where {@code mvn verify} puts the server's jar (maven-dependency-plugin, pre-integration-test). */
    static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
    static final String ACCESS_KEY = "facelfs-test";
    static final String SECRET_KEY = "facelfs-test-secret";

    private final Process process;
    private final Path blobs;
    private final int port;
    private final Path log;

    private S3Server(Process process, Path blobs, int port, Path log) {
        this.process = process;
        this.blobs = blobs;
        this.port = port;
        this.log = log;
    }

    /** Starts the server with its objects under {@code dir/blobs} and one bucket per name; waits until it listens. */
    public static S3Server start(Path dir, List<String> buckets) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the S3 tests run in `mvn verify`, "
                    + "whose pre-integration-test phase copies S3Proxy's jar there");
        }
        try {
            Path blobs = Files.createDirectories(dir.resolve("blobs").toAbsolutePath());
            for (String bucket : buckets) {
                Files.createDirectories(blobs.resolve(bucket));
            }
            int port = StandaloneCluster.freePort();
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + blobs) + "\n");
            Path log = dir.resolve("s3proxy.log");
            Process p = ChildJvm.of("org.gaul.s3proxy.Main").classpath(JAR.toAbsolutePath().toString())
                    .jvmOptions(List.of("-Xmx256m")).args(List.of("--properties", properties.toString())).log(log).start();
            S3Server server = new S3Server(p, blobs, port, log);
            server.awaitListening(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy in " + dir, e);
        }
    }

    /**
     * The s3a settings a client needs for this server, as Hadoop keys ({@code fs.s3a.*}): endpoint,
     * path-style access, the key pair through the simple provider only (no environment, no instance
     * metadata), the region the signature names.
     */
    public Map<String, String> s3aSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        s.put("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        s.put("fs.s3a.endpoint.region", "us-east-1");
        s.put("fs.s3a.path.style.access", "true");
        s.put("fs.s3a.connection.ssl.enabled", "false");
        s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        s.put("fs.s3a.access.key", ACCESS_KEY);
        s.put("fs.s3a.secret.key", SECRET_KEY);
        // S3Proxy's file-system backend takes 10 s to delete the marker object of a directory that has files,
        // which S3A's default policy does after every write: keeping markers is a listing policy of the client
        // (Hadoop 3.3.1+) and changes nothing in how files are written, renamed or read
        s.put("fs.s3a.directory.marker.retention", "keep");
        // a dead server fails a test in seconds, not after the default minutes of retries
        s.put("fs.s3a.attempts.maximum", "2");
        s.put("fs.s3a.retry.limit", "2");
        return s;
    }

    /** A Hadoop configuration of this JVM's with {@link #s3aSettings()} (and nothing from core-site.xml). */
    public Configuration hadoopConf() {
        Configuration conf = new Configuration();
        s3aSettings().forEach(conf::set);
        return conf;
    }

    /**
     * Every object under {@code root} with a temporary name ({@code ._tmp-*}) as S3 lists them
     * (recursively, {@link org.facelfs.io.FileStore#list} aside), with its status.
     */
    public static List<FileStatus> temporaryObjects(FileSystem fs, org.apache.hadoop.fs.Path root) throws IOException {
        List<FileStatus> temps = new ArrayList<>();
        if (!fs.exists(root)) {
            return temps;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus st = it.next();
            if (st.getPath().getName().startsWith("._tmp-")) {
                temps.add(st);
            }
        }
        return temps;
    }

    /** The backend folder: {@code blobs/BUCKET/KEY} is object KEY of BUCKET. */
    public Path blobs() {
        return blobs;
    }

    public Path log() {
        return log;
    }

    private void awaitListening(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "\n" + ChildJvm.tail(log, 40));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                StandaloneCluster.sleep(200);
            }
        }
        throw new IllegalStateException("S3Proxy not listening on 127.0.0.1:" + port + " after " + timeout.toSeconds()
                + " s\n" + ChildJvm.tail(log, 40));
    }

    @Override
    public void close() {
        ChildProcesses.kill(process.toHandle());
    }
}

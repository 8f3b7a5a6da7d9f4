package org.facelfs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1: one Master and N Workers, each its own JVM started from
 * a {@link SparkHome}, as {@code start-master.sh}/{@code start-worker.sh} would. Executors (and
 * drivers in cluster deploy mode) are JVMs the Workers start; {@link #close()} kills them all.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAEMON_HEAP = "-Xmx256m";

    private final SparkHome home;
    private final Path dir;
    private final int masterPort;
    private final int masterUiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(SparkHome home, Path dir) {
        this.home = home;
        this.dir = dir;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
        this.master = daemon("org.apache.spark.deploy.master.Master", "master", List.of("--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
    }

    /**
     * Starts a Master and {@code workers} Workers ({@code cores} and {@code memory}, e.g. "2g", each)
     * and waits until every Worker has registered (the Master's {@code /json} lists them ALIVE).
     */
    public static StandaloneCluster start(SparkHome home, Path dir, int workers, int cores, String memory) {
        StandaloneCluster c = new StandaloneCluster(home, dir);
        try {
            c.awaitMaster(json -> json.path("status").asText().equals("ALIVE"), Duration.ofSeconds(60),
                    "the Master to come up");
            for (int i = 0; i < workers; i++) {
                Path work = dir.resolve("worker-" + i);
                c.workers.add(c.daemon("org.apache.spark.deploy.worker.Worker", "worker-" + i, List.of(
                        "--host", "127.0.0.1", "--port", "0", "--webui-port", Integer.toString(freePort()),
                        "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", work.toString(),
                        c.masterUrl())));
            }
            c.awaitMaster(json -> aliveWorkers(json) == workers, Duration.ofSeconds(90),
                    workers + " Workers to register");
            return c;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private Process daemon(String mainClass, String name, List<String> args) {
        List<String> opts = new ArrayList<>(List.of(DAEMON_HEAP));
        opts.addAll(ChildJvm.java17Flags());
        return ChildJvm.of(mainClass).classpath(home.classpath()).jvmOptions(opts).env(home.env())
                .args(args).log(dir.resolve(name + ".log")).start();
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public SparkHome home() {
        return home;
    }

    /** The Master's state: its web UI's JSON (workers, apps, drivers). */
    public JsonNode masterState() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int aliveWorkers(JsonNode state) {
        int n = 0;
        for (JsonNode w : state.path("workers")) {
            n += w.path("state").asText().equals("ALIVE") ? 1 : 0;
        }
        return n;
    }

    /** Waits until the Master's state satisfies {@code condition}; fails with the daemons' logs if not. */
    public void awaitMaster(Predicate<JsonNode> condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Master exited\n" + ChildJvm.tail(dir.resolve("master.log"), 40));
            }
            if (condition.test(masterState())) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what + "\n"
                + ChildJvm.tail(dir.resolve("master.log"), 30) + "\n" + ChildJvm.tail(dir.resolve("worker-0.log"), 30));
    }

    /** Waits until no application runs (its executors are gone), so the next test starts on idle Workers. */
    public void awaitIdle(Duration timeout) {
        awaitMaster(s -> s.path("activeapps").isEmpty() && s.path("activedrivers").isEmpty()
                && executors().isEmpty(), timeout, "the cluster to be idle");
    }

    /** The executor JVMs running now (children of the Workers running CoarseGrainedExecutorBackend). */
    public List<Executor> executors() {
        return workers.stream().flatMap(w -> w.toHandle().descendants())
                .map(p -> Executor.of(p).orElse(null)).filter(e -> e != null).toList();
    }

    /** Every executor log (stderr) the Workers wrote under their work dirs. */
    public List<Path> executorLogs() {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Path work = dir.resolve("worker-" + i);
            if (!Files.isDirectory(work)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(work, 3)) {
                s.filter(p -> p.getFileName().toString().equals("stderr")
                        && p.getParent().getParent().getFileName().toString().startsWith("app-")).forEach(logs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return logs;
    }

    /** The log (stdout + stderr) a driver wrote on a Worker in cluster deploy mode. */
    public List<Path> driverLogs() {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            Path work = dir.resolve("worker-" + i);
            if (Files.isDirectory(work)) {
                try (Stream<Path> s = Files.list(work)) {
                    s.filter(p -> p.getFileName().toString().startsWith("driver-"))
                            .forEach(d -> logs.addAll(List.of(d.resolve("stdout"), d.resolve("stderr"))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return logs;
    }

    @Override
    public void close() {
        for (Process w : workers) {
            ChildProcesses.kill(w.toHandle());
        }
        ChildProcesses.kill(master.toHandle());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

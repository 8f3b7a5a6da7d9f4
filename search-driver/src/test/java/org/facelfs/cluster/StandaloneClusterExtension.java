package org.facelfs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests one standalone cluster (Master + two Workers of 2 cores and 2 GiB) shared by every
 * test class of the JVM: started on first use, killed when the test plan ends (JUnit closes the
 * root store) or, failing that, by the shutdown hook of {@link ChildProcesses}.
 *
 * <p>Two cores per Worker although executors take one: in cluster deploy mode the driver runs on
 * a Worker too and takes a core of its own.
 */
public final class StandaloneClusterExtension implements ParameterResolver {

    private static final String KEY = "facelfs-standalone-cluster";

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == StandaloneCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Resource(start()), Resource.class).cluster;
    }

    private static StandaloneCluster start() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-it")),
                    "standalone-cluster-");
            return StandaloneCluster.start(SparkHome.create(dir.resolve("spark-home")), dir, 2, 2, "2560m");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closed by JUnit with the root context. */
    private record Resource(StandaloneCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }
}

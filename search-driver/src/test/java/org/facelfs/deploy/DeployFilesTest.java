package org.facelfs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** No Kubernetes cluster runs here: the manifests are parsed and their keys checked instead. */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void sparkApplicationAsksForGpusJava17FlagsAndOffHeapLimits() throws IOException {
        JsonNode app = YAML.readTree(DEPLOY.resolve("k8s/sparkapplication.yaml").toFile());
        assertEquals("SparkApplication", app.path("kind").asText());
        checkSpec(app.path("spec"));
    }

    @Test
    void nightlyScheduleForbidsOverlapKeepsHistoryAndWarmStarts() throws IOException {
        JsonNode app = YAML.readTree(DEPLOY.resolve("k8s/scheduledsparkapplication.yaml").toFile());
        assertEquals("ScheduledSparkApplication", app.path("kind").asText());
        JsonNode spec = app.path("spec");
        assertEquals("Forbid", spec.path("concurrencyPolicy").asText());
        assertTrue(spec.path("schedule").asText().split(" ").length == 5, "cron schedule");
        assertTrue(spec.path("successfulRunHistoryLimit").asInt() > 0);
        assertTrue(spec.path("failedRunHistoryLimit").asInt() > 0);
        JsonNode template = spec.path("template");
        checkSpec(template);
        assertTrue(template.path("arguments").toString().contains("--nightly"), template.path("arguments").toString());
    }

    private static void checkSpec(JsonNode spec) {
        assertEquals("org.facelfs.cli.FacelfsCommand", spec.path("mainClass").asText());
        assertTrue(spec.path("mainApplicationFile").asText().endsWith("facelfs-cluster.jar"));
        JsonNode conf = spec.path("sparkConf");
        assertEquals("nvidia.com", conf.path("spark.executor.resource.gpu.vendor").asText());
        assertEquals(conf.path("spark.executor.resource.gpu.amount").asText(),
                conf.path("spark.task.resource.gpu.amount").asText());
        for (String side : List.of("driver", "executor")) {
            String opts = conf.path("spark." + side + ".extraJavaOptions").asText();
            assertTrue(opts.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), side + ": " + opts);
        }
        String exec = conf.path("spark.executor.extraJavaOptions").asText();
        assertTrue(exec.contains("org.bytedeco.javacpp.maxbytes=") && exec.contains("maxphysicalbytes="), exec);
        assertEquals(1, spec.path("executor").path("gpu").path("quantity").asInt());
        // memoryOverhead must cover the JavaCPP off-heap limit: overhead >= maxbytes
        int overhead = Integer.parseInt(conf.path("spark.executor.memoryOverhead").asText().replace("g", ""));
        int maxBytes = Integer.parseInt(exec.replaceAll(".*maxbytes=(\\d+)G.*", "$1"));
        assertTrue(overhead >= maxBytes, "overhead " + overhead + "g < off-heap " + maxBytes + "G");
    }

    @Test
    void shellScriptsPassShellcheck() throws Exception {
        Assumptions.assumeTrue(onPath("shellcheck"), "shellcheck not installed (.ci/run installs it)");
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-x"));
        try (var files = Files.list(DEPLOY)) {
            files.filter(f -> f.toString().endsWith(".sh")).map(Path::toString).sorted().forEach(cmd::add);
        }
        Process p = new ProcessBuilder(cmd).directory(DEPLOY.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void gpuDiscoveryScriptPrintsSparkResourceJson() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", DEPLOY.resolve("getGpusResources.sh").toString());
        pb.environment().put("CUDA_VISIBLE_DEVICES", "0, 3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor());
        JsonNode json = new ObjectMapper().readTree(out);
        assertEquals("gpu", json.path("name").asText());
        assertEquals("[\"0\",\"3\"]", json.path("addresses").toString());
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

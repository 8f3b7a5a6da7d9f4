package org.facelfs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facelfs.app.config.ConfigLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** No Kubernetes cluster runs here: the manifests are parsed and their keys checked instead. */
class DeployFilesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static ImageLayout image() throws IOException {
        return new ImageLayout(DEPLOY.resolve("docker/Dockerfile"), ROOT);
    }

    @Test
    void sparkApplicationRunsK8sConfWithGpusAndOffHeapLimits() throws IOException {
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
        assertEquals("UTC", spec.path("timeZone").asText(), "--nightly names nights in UTC");
        assertTrue(spec.path("schedule").asText().split(" ").length == 5, "cron schedule");
        assertTrue(spec.path("successfulRunHistoryLimit").asInt() > 0);
        assertTrue(spec.path("failedRunHistoryLimit").asInt() > 0);
        JsonNode template = spec.path("template");
        checkSpec(template);
        assertTrue(template.path("arguments").toString().contains("--nightly"), template.path("arguments").toString());
    }

    /** What both manifests must say: k8s.conf from the image, GPUs, JavaCPP limits that survive the operator. */
    private static void checkSpec(JsonNode spec) throws IOException {
        assertEquals("org.facelfs.cli.FacelfsCommand", spec.path("mainClass").asText());
        assertTrue(spec.path("mainApplicationFile").asText().endsWith("facelfs-cluster.jar"));
        List<String> args = new ArrayList<>();
        spec.path("arguments").forEach(a -> args.add(a.asText()));
        Config config = configOf(args);
        assertEquals("facelfs-k8s", config.getString("run.name"), "the manifests run k8s.conf");
        assertTrue(config.getString("data.train.path").startsWith("s3a://"), config.getString("data.train.path"));
        assertEquals("com.amazonaws.auth.WebIdentityTokenCredentialsProvider",
                spec.path("hadoopConf").path("fs.s3a.aws.credentials.provider").asText(), "IRSA needs its provider named");
        JsonNode conf = spec.path("sparkConf");
        assertEquals("nvidia.com", conf.path("spark.executor.resource.gpu.vendor").asText());
        assertEquals(conf.path("spark.executor.resource.gpu.amount").asText(),
                conf.path("spark.task.resource.gpu.amount").asText());
        assertEquals("false", conf.path("spark.dynamicAllocation.enabled").asText());
        assertFalse(conf.toString().contains("--add-opens"), "Spark 3.5 adds its module flags itself");
        assertTrue(conf.path("spark.driver.extraJavaOptions").isMissingNode());
        assertTrue(conf.path("spark.executor.extraJavaOptions").isMissingNode(),
                "the operator replaces it with executor.javaOptions");
        String javacpp = conf.path("spark.executorEnv.JAVA_TOOL_OPTIONS").asText();
        assertTrue(javacpp.contains("org.bytedeco.javacpp.maxbytes=") && javacpp.contains("maxphysicalbytes="), javacpp);
        assertEquals(1, spec.path("executor").path("gpu").path("quantity").asInt());
        // memoryOverhead must cover the JavaCPP off-heap limit: overhead >= maxbytes
        int overhead = Integer.parseInt(conf.path("spark.executor.memoryOverhead").asText().replace("g", ""));
        int maxBytes = Integer.parseInt(javacpp.replaceAll(".*maxbytes=(\\d+)G.*", "$1"));
        assertTrue(overhead >= maxBytes, "overhead " + overhead + "g < off-heap " + maxBytes + "G");
    }

    /**
     * The config that {@code search} application arguments name, read as the driver in the image
     * would: the path mapped through the Dockerfile's layout, includes and -D overrides honoured.
     */
    static Config configOf(List<String> appArgs) throws IOException {
        int at = appArgs.indexOf("--config");
        assertTrue(at >= 0 && at + 1 < appArgs.size(), "no --config in " + appArgs);
        String path = appArgs.get(at + 1);
        assertTrue(path.startsWith("/opt/facelfs/"), "not a plain path in the image: " + path);
        Path file = image().file(path);
        assertTrue(Files.isRegularFile(file), path + " -> " + file);
        Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (String a : appArgs) {
            if (a.startsWith("-D")) {
                overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return ConfigLoader.load(file, overrides);
    }

    @Test
    void theImageFetchesTheHadoopAwsAndSdkOfThePom() throws IOException {
        String docker = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        assertEquals(property(pom, "<hadoop.version>([^<]+)<"), property(docker, "ARG HADOOP_VERSION=(\\S+)"));
        assertEquals(property(pom, "<aws-sdk-bundle.version>([^<]+)<"), property(docker, "ARG AWS_SDK_VERSION=(\\S+)"));
        assertTrue(docker.contains("NVIDIA_VISIBLE_DEVICES=void"), "no GPU for pods that asked for none");
        assertFalse(docker.contains("NVIDIA_VISIBLE_DEVICES=all"));
    }

    private static String property(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return m.group(1);
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

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

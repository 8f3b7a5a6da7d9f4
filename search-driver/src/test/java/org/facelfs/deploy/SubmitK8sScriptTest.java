package org.facelfs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/submit-k8s.sh} as shipped, with a recording {@code spark-submit} first on PATH:
 * the application arguments it passes must name a config the driver can read in the image.
 */
class SubmitK8sScriptTest {

    static final Map<String, String> ENV = Map.of("K8S_MASTER", "k8s://https://127.0.0.1:6443",
            "IMAGE", "registry.example.com/facelfs:test");

    @TempDir
    Path tmp;

    RecordingCommand submit;

    /** submit-k8s.sh CONFIG --out s3a://... with the recording spark-submit first on PATH. */
    RecordingCommand.Result submitK8s(Map<String, String> env, String config) throws Exception {
        submit = new RecordingCommand(tmp, "spark-submit", "");
        return submit.run(DeployFilesTest.DEPLOY.resolve("submit-k8s.sh"), env, config, "--out", "s3a://bucket/runs/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local:///opt/facelfs/conf/k8s.conf", "/opt/facelfs/conf/k8s.conf"})
    void theApplicationGetsAConfigPathItCanReadInTheImage(String config) throws Exception {
        RecordingCommand.Result r = submitK8s(ENV, config);
        assertEquals(0, r.exit(), r.output());
        List<String> args = submit.arguments();
        int jar = args.indexOf("local:///opt/facelfs/facelfs-cluster.jar");
        assertTrue(jar > 0, args.toString());
        List<String> app = args.subList(jar + 1, args.size());
        assertEquals("search", app.get(0));
        assertEquals("/opt/facelfs/conf/k8s.conf", app.get(app.indexOf("--config") + 1));
        Config effective = DeployFilesTest.configOf(app);
        assertEquals("facelfs-k8s", effective.getString("run.name"));
        assertEquals("iresnet50", effective.getString("model.backbone"), "k8s.conf's include of paper.conf is in the image");
        assertEquals(8, effective.getInt("search.candidates"));

        List<String> spark = args.subList(0, jar);
        assertTrue(spark.contains("--deploy-mode") && spark.contains("cluster"), spark.toString());
        assertFalse(String.join(" ", spark).contains("--add-opens"), "Spark 3.5 adds its module flags itself");
        assertTrue(spark.contains("spark.dynamicAllocation.enabled=false"), spark.toString());
        assertTrue(spark.stream().anyMatch(a -> a.startsWith("spark.executorEnv.JAVA_TOOL_OPTIONS=-Dorg.bytedeco.javacpp"
                + ".maxbytes=24G")), spark.toString());
        assertTrue(spark.contains("spark.executor.resource.gpu.vendor=nvidia.com"), spark.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"conf/k8s.conf", "s3a://bucket/k8s.conf"})
    void aConfigOutsideTheImageIsRefusedBeforeSubmitting(String config) throws Exception {
        RecordingCommand.Result r = submitK8s(ENV, config);
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("CONFIG must be a file in the image"), r.output());
        assertFalse(tmp.resolve("spark-submit.args").toFile().exists(), "nothing submitted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0"})
    void cpuExecutorsAskForNoGpu(String gpus) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("GPUS_PER_CANDIDATE", gpus);
        RecordingCommand.Result r = submitK8s(env, "/opt/facelfs/conf/k8s.conf");
        assertEquals(0, r.exit(), r.output());
        assertFalse(String.join(" ", submit.arguments()).contains("resource.gpu"), submit.arguments().toString());
        assertTrue(submit.arguments().contains("-Dcluster.gpus-per-candidate=0"));
    }
}

"""Airflow DAG: the nightly facelfs search on YARN, warm-started from the previous night.

Uses the Spark provider's SparkSubmitOperator; the connection `spark_yarn` points at YARN.
`--nightly BASE` writes to BASE/<yyyy-mm-dd> (UTC) and warm-starts from the newest completed
earlier night under BASE; a retried task resumes that night's directory from its state.json.
Then `check_summary` reads the night's summary.json and fails (so Airflow alerts, by its usual
on-failure e-mail or callback) unless the status is done (docs/cluster.md, "Monitoring a nightly run").
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAVA17_OPTS = " ".join(
    ["-XX:+IgnoreUnrecognizedVMOptions", "-Djdk.reflect.useDirectMethodHandle=false"]
    + [f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in (
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
        "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
        "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")]
    + ["--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"])

with DAG(
    dag_id="facelfs_nightly",
    schedule="0 1 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # never two searches at once
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    search = SparkSubmitOperator(
        task_id="search",
        conn_id="spark_yarn",
        application="/opt/facelfs/facelfs-cluster.jar",
        java_class="org.facelfs.cli.FacelfsCommand",
        name="facelfs-nightly",
        num_executors=8,
        executor_cores=8,
        executor_memory="16g",
        files="/opt/facelfs/conf/paper.conf,/opt/facelfs/deploy/getGpusResources.sh",
        conf={
            "spark.executor.memoryOverhead": "26g",
            "spark.task.cpus": "8",
            "spark.executor.resource.gpu.amount": "1",
            "spark.task.resource.gpu.amount": "1",
            "spark.executor.resource.gpu.discoveryScript": "./getGpusResources.sh",
            "spark.scheduler.mode": "FAIR",
            "spark.task.maxFailures": "4",
            # every round's job group and candidates, for the Spark History Server the morning after
            "spark.eventLog.enabled": "true",
            "spark.eventLog.dir": "hdfs:///spark-history",
            "spark.driver.extraJavaOptions": JAVA17_OPTS,
            "spark.executor.extraJavaOptions": JAVA17_OPTS
            + " -Dorg.bytedeco.javacpp.maxbytes=24G -Dorg.bytedeco.javacpp.maxphysicalbytes=42G",
        },
        application_args=["search", "--config", "paper.conf", "--nightly", "hdfs:///facelfs/nightly"],
    )
    # The night's verdict: exit 1 unless summary.json says done. all_done: it runs after a failed
    # search too, so the alert carries the summary's status and message. --nightly names the
    # directory by the UTC date the search started: the end of Airflow's data interval.
    check = BashOperator(
        task_id="check_summary",
        trigger_rule="all_done",
        bash_command="hdfs dfs -cat hdfs:///facelfs/nightly/{{ data_interval_end | ds }}/summary.json"
        " | python3 /opt/facelfs/deploy/monitoring/check_summary.py",
    )
    search >> check

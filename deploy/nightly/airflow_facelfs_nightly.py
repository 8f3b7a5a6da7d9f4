"""Airflow DAG: the nightly facelfs search on YARN, warm-started from the previous night.

The task runs the shipped deploy/submit-yarn.sh (the preflight `facelfs check`, the resolved config
shipped instead of the file, the same Spark settings as by hand). `--night` names the night by the
scheduler's logical date (the end of the run's data interval: the date the night starts, as cron
and the Kubernetes schedule name it), so a retry or a backfill writes the night it belongs to:
`--nightly BASE` writes to BASE/<night> and warm-starts from the newest completed earlier night
under BASE; a retried task resumes that night's directory from its state.json.
Then `check_summary` reads the night's summary.json and fails (so Airflow alerts, by its usual
on-failure e-mail or callback) unless the status is done (docs/cluster.md, "Monitoring a nightly run").

DEPLOY_MODE=client: the driver is the task's own process, so execution_timeout (or marking the task
failed) really stops the search; in cluster mode killing spark-submit would leave the YARN
application running beside the retry.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

NIGHT = "{{ data_interval_end | ds }}"

with DAG(
    dag_id="facelfs_nightly",
    schedule="0 1 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,  # never two searches at once
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    search = BashOperator(
        task_id="search",
        bash_command=(
            "/opt/facelfs/deploy/submit-yarn.sh /opt/facelfs/conf/yarn.conf"
            " --nightly hdfs:///facelfs/nightly --night " + NIGHT
        ),
        env={"DEPLOY_MODE": "client", "CANDIDATES": "8", "GPUS_PER_CANDIDATE": "1",
             "EXECUTOR_CORES": "8", "EXECUTOR_MEMORY": "16g", "ND4J_OFFHEAP": "24G",
             # every round's job group and candidates, for the Spark History Server the morning after
             "SPARK_CONF_EXTRA": "spark.eventLog.enabled=true spark.eventLog.dir=hdfs:///spark-history"},
        append_env=True,  # keep PATH (spark-submit), HADOOP_CONF_DIR, JAVA_HOME of the worker
        # a night that has not finished by the next evening is stopped (it resumes from state.json on retry)
        execution_timeout=timedelta(hours=20),
    )
    # The night's verdict: exit 1 unless summary.json says done. all_done: it runs after a failed
    # search too, so the alert carries the summary's status and message.
    check = BashOperator(
        task_id="check_summary",
        trigger_rule="all_done",
        bash_command="hdfs dfs -cat hdfs:///facelfs/nightly/" + NIGHT + "/summary.json"
        " | python3 /opt/facelfs/deploy/monitoring/check_summary.py",
    )
    search >> check

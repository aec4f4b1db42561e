"""
### community_roi_nightly

The nightly refresh of community-roi: load every landing source (validate, quarantine, upsert),
`dbt build` (staging -> intermediate -> marts, tests, contracts), check (reconciliation: rows read =
loaded + quarantined per file), publish (atomic swap of the serving copy the dashboard reads).

* Runs daily at 02:00 Europe/Paris. One run at a time and one task at a time: DuckDB allows a
  single writing process, so the loads run one after the other, never concurrently.
* A failed task is retried with exponential back-off. If the run still fails, nothing is
  published: the dashboard keeps serving the previous data and shows a "last run failed" banner
  from the status file `record_failure` writes.
* Every task is a thin call into `community_roi.pipeline`: `community-roi run` does the same work.
* After a successful publish, new rumours raise an alert: a log line, and a POST to
  `CROI_ALERT_WEBHOOK` when it is set (notifier on the `publish` task).
* Settings come from `CROI_*` environment variables (see `.env.example`).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, task

# Names only: contract.py is a dependency-free module, cheap to import at parse time.
from community_roi.contract import SOURCE_NAMES

DEFAULT_ARGS = {
    "owner": "community-roi",
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
}


def _rumour_alerts(context) -> None:
    """Notifier on publish: one log line per new rumour, and a POST to CROI_ALERT_WEBHOOK when
    set. Imported here, not at parse time, to keep the DAG file cheap to import."""
    from community_roi.ereputation import airflow_rumour_notifier

    airflow_rumour_notifier()(context)


@dag(
    # Explicit zone, so the schedule never silently follows a change to start_date's zone.
    schedule=CronTriggerTimetable("0 2 * * *", timezone="Europe/Paris"),
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Paris"),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["community-roi", "duckdb", "dbt"],
    dagrun_timeout=timedelta(hours=4),
)
def community_roi_nightly():
    @task
    def start_run() -> str:
        from community_roi import pipeline

        return pipeline.new_run_id()

    def make_load(source: str):
        @task(task_id=f"load_{source}")
        def load_one(croi_run: str) -> dict:
            from community_roi import pipeline
            from community_roi.settings import Settings

            settings = Settings.from_env()
            return pipeline.load_sources(settings, (source,), run_id=croi_run,
                                         progress=print)[source]

        return load_one

    @task
    def transform() -> dict:
        from community_roi import pipeline
        from community_roi.settings import Settings

        return pipeline.build_models(Settings.from_env(), progress=print)

    @task
    def check() -> dict:
        from community_roi import pipeline
        from community_roi.settings import Settings

        return pipeline.check(Settings.from_env(), progress=print)

    @task(on_success_callback=_rumour_alerts)
    def publish(croi_run: str, build: dict, checked: dict) -> str:
        from community_roi import pipeline
        from community_roi.settings import Settings

        settings = Settings.from_env()
        info = {"run_id": croi_run, "orchestrator": "airflow", "status": "success",
                "dbt": build, "check": checked}
        path = pipeline.publish(settings, croi_run, info, progress=print)
        pipeline.write_status(settings, {**info, "published": True,
                                         "finished_at": pendulum.now("UTC").to_iso8601_string()})
        return str(path)

    @task(trigger_rule="one_failed", retries=0)
    def record_failure(croi_run: str, **context) -> None:
        """Runs only when a task failed: writes the status file behind the dashboard's banner.
        Nothing was published, so the previous serving copy stays in place."""
        from community_roi import pipeline
        from community_roi.settings import Settings

        ti, dag_run = context["ti"], context["dag_run"]
        failed: list[str] = []
        try:
            states = ti.get_task_states(dag_id=dag_run.dag_id, run_ids=[dag_run.run_id])
            for per_run in states.values():
                failed += [t for t, st in per_run.items() if st == "failed"]
        except Exception as exc:  # noqa: BLE001 - the status file matters more than the detail
            print(f"could not read task states: {exc}")
        pipeline.write_status(Settings.from_env(), {
            "run_id": croi_run, "orchestrator": "airflow", "dag_run_id": dag_run.run_id,
            "status": "failed", "published": False,
            "failed_step": failed[0] if failed else "unknown",
            "error": f"task(s) failed: {', '.join(sorted(failed)) or 'see the Airflow logs'}",
            "finished_at": pendulum.now("UTC").to_iso8601_string()})

    croi_run = start_run()
    loads = [make_load(source)(croi_run) for source in SOURCE_NAMES]
    built = transform()
    loads >> built
    checked = check()
    built >> checked
    published = publish(croi_run, built, checked)
    [*loads, built, checked, published] >> record_failure(croi_run)


nightly_dag = community_roi_nightly()

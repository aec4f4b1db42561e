"""The Airflow DAG: integrity (cheap import, tasks, edges, retries) and one real run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAG_FILE = ROOT / "dags" / "community_roi_nightly.py"
SOURCES = ("customers", "orders", "loyalty_members", "loyalty_events", "identity_links",
           "community_actions", "engagements", "mentions", "costs", "fx_rates")


def _airflow_env(home: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CROI_", "AIRFLOW"))}
    env.update(AIRFLOW_HOME=str(home), AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
               AIRFLOW__CORE__LOAD_EXAMPLES="False", DBT_SEND_ANONYMOUS_USAGE_STATS="False",
               GX_ANALYTICS_ENABLED="False", **extra)
    return env


def _python(code: str, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=False, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="module")
def dag_info(tmp_path_factory):
    """Parse the DAG in a clean interpreter (Airflow reads its config at import)."""
    home = tmp_path_factory.mktemp("airflow_parse")
    code = f"""
import json, sys, time
import airflow.sdk, pendulum              # the framework's own import is not the DAG's cost
t = time.perf_counter()
import importlib.util
spec = importlib.util.spec_from_file_location("nightly", {str(DAG_FILE)!r})
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
seconds = time.perf_counter() - t
dag = mod.nightly_dag
print(json.dumps({{
  "seconds": seconds,
  "heavy": sorted(m for m in sys.modules if m.split(".")[0] in
                  ("duckdb", "dbt", "great_expectations", "pandas", "streamlit")),
  "dag_id": dag.dag_id, "schedule": dag.timetable.expression,
  "tz": str(dag.timetable.timezone), "max_active_runs": dag.max_active_runs,
  "max_active_tasks": dag.max_active_tasks, "doc": bool(dag.doc_md),
  "tasks": {{t.task_id: {{"down": sorted(t.downstream_task_ids), "retries": t.retries,
                         "trigger_rule": str(t.trigger_rule)}} for t in dag.tasks}},
}}))
"""
    out = _python(code, _airflow_env(home), timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_dag_file_imports_fast_and_without_heavy_modules(dag_info):
    assert dag_info["seconds"] < 2.0
    assert dag_info["heavy"] == []


def test_dag_schedule_and_single_writer_settings(dag_info):
    assert dag_info["dag_id"] == "community_roi_nightly"
    assert dag_info["schedule"] == "0 2 * * *"
    assert dag_info["tz"] in ("Europe/Paris", "Timezone('Europe/Paris')")
    assert dag_info["max_active_runs"] == 1 and dag_info["max_active_tasks"] == 1
    assert dag_info["doc"]


def test_dag_tasks_and_edges(dag_info):
    tasks = dag_info["tasks"]
    loads = {f"load_{s}" for s in SOURCES}
    assert set(tasks) == loads | {"start_run", "transform", "check", "publish", "record_failure"}
    assert set(tasks["start_run"]["down"]) == loads | {"publish", "record_failure"}
    for name in loads:
        assert tasks[name]["down"] == ["record_failure", "transform"]
    assert tasks["transform"]["down"] == ["check", "publish", "record_failure"]
    assert tasks["check"]["down"] == ["publish", "record_failure"]
    assert tasks["publish"]["down"] == ["record_failure"]
    assert tasks["record_failure"]["trigger_rule"].lower().endswith("one_failed")


def test_work_tasks_retry(dag_info):
    for name, t in dag_info["tasks"].items():
        if name != "record_failure":
            assert t["retries"] >= 2, name


@pytest.mark.slow
def test_a_real_dag_run_publishes_the_fixture_landing(tmp_path, landing):
    home = tmp_path / "airflow"
    wh = tmp_path / "dag" / "warehouse.duckdb"
    env = _airflow_env(home, CROI_LANDING=str(landing), CROI_WAREHOUSE=str(wh),
                       CROI_HOME=str(tmp_path))
    airflow = str(Path(sys.executable).with_name("airflow"))
    migrate = subprocess.run([airflow, "db", "migrate"], env=env, capture_output=True, check=False,
                             text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    code = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("nightly", {str(DAG_FILE)!r})
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
run = mod.nightly_dag.test()
print("DAGRUN_STATE", run.state)
"""
    out = _python(code, env)
    assert "DAGRUN_STATE success" in out.stdout, (out.stdout[-2000:], out.stderr[-4000:])
    status = json.loads(wh.with_name("warehouse.last_run.json").read_text())
    assert status["status"] == "success" and status["orchestrator"] == "airflow"
    import duckdb

    con = duckdb.connect(str(wh.with_name("warehouse.serving.duckdb")), read_only=True)
    try:
        info = json.loads(con.execute("SELECT info FROM meta.run").fetchone()[0])
        sources = con.execute("SELECT count(*) FROM marts.rpt_source_health").fetchone()[0]
    finally:
        con.close()
    assert info["orchestrator"] == "airflow" and info["check"]["rows_read"] == 41
    assert sources == 10

"""The team deployment (docker-compose.yml, Dockerfile, .dockerignore, .env.example) is coherent.

No Docker engine is needed: the files are parsed for real (YAML, compose interpolation, Dockerfile
instructions, .dockerignore patterns) and checked against the repository and the installed tools:
every Airflow command is parsed by Airflow's own CLI parser, the dashboard command by the
community-roi CLI, the paths mounted or copied exist, the secrets have no committed value.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"

AIRFLOW_SERVICES = {  # service -> the `airflow` subcommand it runs
    "airflow-apiserver": "api-server",
    "airflow-scheduler": "scheduler",
    "airflow-dag-processor": "dag-processor",
    "airflow-triggerer": "triggerer",
}
ONE_SHOT = {"airflow-init"}
EXPECTED_SERVICES = {"postgres", "dashboard", *AIRFLOW_SERVICES, *ONE_SHOT}
AIRFLOW_LIKE = {*AIRFLOW_SERVICES, *ONE_SHOT}  # services that run Airflow code

DATA_VOLUME = "croi-data"
DATA_DIR = "/opt/croi/data"
LANDING_DIR = "/opt/croi/landing"
# Repo folders holding runtime data (git-ignored, filled by `make demo` or by the team's exports):
# a bind mount from there may point at a folder that does not exist yet (compose creates it).
RUNTIME_DATA_DIRS = ("data",)

VALID_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|FERNET|TOKEN|WEBHOOK|CREDENTIAL|PRIVATE_KEY|API_KEY")


def is_secret_name(name: str) -> bool:
    """PASSWORD, SECRET, ... but not the path of a file holding one (..._FILE, ..._PATH)."""
    return bool(SECRET_NAME.search(name)) and not re.search(r"_(FILE|PATH|DIR)$", name)


CROI_VAR = re.compile(r"\bCROI_[A-Z][A-Z0-9_]*\b")


# --------------------------------------------------------------------------------------------
# compose interpolation (https://docs.docker.com/reference/compose-file/interpolation/)
# --------------------------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class MissingVariable(Exception):
    """A `${VAR:?message}` whose variable is unset (or empty)."""


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's interpolation: $$, $VAR, ${VAR}, :- - :? ? :+ +, nested."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] != "$":
            out.append(text[i])
            i += 1
            continue
        nxt = text[i + 1: i + 2]
        if nxt == "$":
            out.append("$")
            i += 2
        elif nxt == "{":
            depth, j = 0, i + 1
            while j < len(text):
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            else:
                raise ValueError(f"unclosed ${{ in {text!r}")
            body = text[i + 2: j]
            m = _NAME.match(body)
            if not m:
                raise ValueError(f"invalid interpolation ${{{body}}} in {text!r}")
            name, rest = m.group(), body[m.end():]
            is_set, value = name in env, env.get(name, "")
            if rest == "":
                out.append(value)
            else:
                op = next((o for o in (":-", ":?", ":+", "-", "?", "+") if rest.startswith(o)), None)
                if op is None:
                    raise ValueError(f"unsupported interpolation ${{{body}}} in {text!r}")
                arg = rest[len(op):]
                present = bool(value) if op.startswith(":") else is_set
                if op in (":-", "-"):
                    out.append(value if present else interpolate(arg, env))
                elif op in (":?", "?"):
                    if not present:
                        raise MissingVariable(f"{name}: {arg}")
                    out.append(value)
                else:
                    out.append(interpolate(arg, env) if present else "")
            i = j + 1
        elif m := _NAME.match(text, i + 1):
            out.append(env.get(m.group(), ""))
            i = m.end()
        else:
            out.append("$")
            i += 1
    return "".join(out)


def referenced_vars(text: str) -> set[str]:
    """Every variable a string interpolates, defaults and nested expressions included."""
    stripped = text.replace("$$", "")
    return {a or b for a, b in re.findall(r"\$\{([A-Za-z_]\w*)|\$([A-Za-z_]\w*)", stripped)}


def required_vars(text: str) -> set[str]:
    return set(re.findall(r"\$\{([A-Za-z_]\w*):?\?", text.replace("$$", "")))


def walk_strings(node):
    """Every string value of a parsed compose file (keys are not interpolated)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from walk_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk_strings(v)


def resolve(node, env: dict[str, str]):
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, dict):
        return {k: resolve(v, env) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, env) for v in node]
    return node


# --------------------------------------------------------------------------------------------
# file parsers
# --------------------------------------------------------------------------------------------


def parse_env_file(path: Path) -> tuple[dict[str, str], set[str]]:
    """(active VAR=value entries, names only documented as a commented `# VAR=...` line)."""
    active: dict[str, str] = {}
    commented: set[str] = set()
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if m := re.fullmatch(r"#\s*([A-Za-z_]\w*)=.*", line):
            commented.add(m.group(1))
        elif line and not line.startswith("#"):
            m = re.fullmatch(r"(?:export\s+)?([A-Za-z_]\w*)=(.*)", line)
            assert m, f".env.example: not a VAR=value line: {raw!r}"
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            active[m.group(1)] = value
    return active, commented


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            word, _, rest = full.partition(" ")
            instructions.append((word.upper(), rest.strip()))
    assert not pending, "Dockerfile ends with a line continuation"
    return instructions


def dockerignore_patterns(path: Path) -> list[tuple[bool, re.Pattern]]:
    """(is_exclusion, regex) in file order; the last matching pattern wins, as in Docker."""
    patterns = []
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line.lstrip("!").strip().strip("/")
        rx, i = "", 0
        while i < len(line):
            if line.startswith("**/", i):
                rx += "(?:.*/)?"
                i += 3
            elif line.startswith("**", i):
                rx += ".*"
                i += 2
            elif line[i] == "*":
                rx += "[^/]*"
                i += 1
            elif line[i] == "?":
                rx += "[^/]"
                i += 1
            else:
                rx += re.escape(line[i])
                i += 1
        patterns.append((not negate, re.compile(rx)))
    return patterns


def dockerignored(rel_path: str, patterns) -> bool:
    """Is the path (or a folder containing it) excluded from the build context?"""
    parts = PurePosixPath(rel_path).parts
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for exclude, rx in patterns:
        if any(rx.fullmatch(c) for c in candidates):
            excluded = exclude
    return excluded


def parse_volume(entry) -> tuple[str, str, str, bool]:
    """(type, source, target, read_only) for the short and the long syntax."""
    if isinstance(entry, dict):
        return (entry.get("type", "volume"), str(entry.get("source", "")), entry["target"],
                bool(entry.get("read_only", False)))
    parts = entry.split(":")
    if len(parts) == 1:
        return "volume", "", parts[0], False  # anonymous volume
    source, target = parts[0], parts[1]
    mode = parts[2] if len(parts) > 2 else "rw"
    kind = "bind" if source.startswith((".", "/", "~")) else "volume"
    return kind, source, target, "ro" in mode.split(",")


def parse_port(entry) -> tuple[str, int, int]:
    """(host_ip, published, target) for "ip:host:container", "host:container" or long syntax."""
    if isinstance(entry, dict):
        return entry.get("host_ip", ""), int(entry["published"]), int(entry["target"])
    parts = str(entry).split("/")[0].split(":")
    if len(parts) == 3:
        return parts[0], int(parts[1]), int(parts[2])
    if len(parts) == 2:
        return "", int(parts[0]), int(parts[1])
    raise AssertionError(f"port {entry!r}: publish it explicitly as host:container")


def env_mapping(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, "") for e in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def as_argv(value) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else shlex.split(value)


def option_value(argv: list[str], *names: str) -> str | None:
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name and i + 1 < len(argv):
                return argv[i + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def healthcheck_url(service: dict) -> str | None:
    test = " ".join(as_argv(service.get("healthcheck", {}).get("test")))
    m = re.search(r"https?://[^\s'\"]+", test)
    return m.group() if m else None


# --------------------------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw_compose() -> dict:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict) and isinstance(data.get("services"), dict)
    return data


@pytest.fixture(scope="module")
def env_example() -> tuple[dict[str, str], set[str]]:
    return parse_env_file(ENV_EXAMPLE)


@pytest.fixture(scope="module")
def deploy_env(raw_compose, env_example) -> dict[str, str]:
    """The environment of an operator who copied .env.example to .env and filled its secrets."""
    active, _ = env_example
    env = dict(active)
    for text in walk_strings(raw_compose):
        for name in required_vars(text):
            if not env.get(name):
                env[name] = f"filled-{name.lower().replace('_', '-')}"
    return env


@pytest.fixture(scope="module")
def compose(raw_compose, deploy_env) -> dict:
    return resolve(raw_compose, deploy_env)


@pytest.fixture(scope="module")
def services(compose) -> dict[str, dict]:
    return compose["services"]


@pytest.fixture(scope="module")
def instructions() -> list[tuple[str, str]]:
    return dockerfile_instructions(DOCKERFILE)


def _is_our_image(service: dict) -> bool:
    return "build" in service


# --------------------------------------------------------------------------------------------
# compose: services, images, commands, health checks, dependencies
# --------------------------------------------------------------------------------------------


def test_compose_parses_with_the_expected_services(raw_compose):
    assert set(raw_compose["services"]) == EXPECTED_SERVICES
    assert "version" not in raw_compose, "the top-level `version` key is obsolete in Compose v2"


def test_every_service_has_an_image_and_our_services_share_one_build(services):
    ours = {name: s for name, s in services.items() if _is_our_image(s)}
    assert set(ours) == {*AIRFLOW_LIKE, "dashboard"}, "Airflow and the dashboard use our image"
    for name, service in services.items():
        assert service.get("image") or service.get("build"), f"{name}: no image and no build"
    assert services["postgres"]["image"].split(":")[0] == "postgres"
    assert int(services["postgres"]["image"].split(":")[1].split(".")[0]) >= 16
    # one image, one build: every service of ours names the same tag and the same Dockerfile
    assert len({s["image"] for s in ours.values()}) == 1
    for name, service in ours.items():
        build = service["build"]
        build = {"context": build} if isinstance(build, str) else build
        context = (ROOT / build.get("context", ".")).resolve()
        assert context == ROOT, f"{name}: build context must be the repository root"
        assert (context / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE


def test_services_of_our_image_say_what_they_run(services):
    # The image's default command only prints help: every service must set its own command.
    for name, service in services.items():
        if _is_our_image(service):
            assert service.get("command") or service.get("entrypoint"), f"{name}: no command"
    for name, sub in AIRFLOW_SERVICES.items():
        argv = as_argv(services[name]["command"])
        assert argv[:2] == ["airflow", sub], f"{name} must run `airflow {sub}`, runs {argv}"


def test_health_checks(services):
    for name, service in services.items():
        if name in ONE_SHOT:
            assert "healthcheck" not in service, f"{name} is a one-shot: no health check"
            continue
        hc = service.get("healthcheck")
        assert hc and not hc.get("disable"), f"{name}: no health check"
        test = hc["test"]
        assert isinstance(test, list) and test[0] in ("CMD", "CMD-SHELL") and len(test) > 1, (
            f"{name}: healthcheck.test must be [CMD, ...] or [CMD-SHELL, ...]")
        for key in ("interval", "timeout", "start_period"):
            assert re.fullmatch(r"(\d+(h|m|s|ms))+", str(hc.get(key, ""))), f"{name}: {key}"
        assert int(hc["retries"]) >= 1
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])


def test_http_health_checks_hit_the_port_the_service_listens_on(services):
    api = as_argv(services["airflow-apiserver"]["command"])
    api_port = int(option_value(api, "--port", "-p") or 8080)
    url = urlsplit(healthcheck_url(services["airflow-apiserver"]))
    assert (url.hostname, url.port) == ("localhost", api_port)
    assert url.path in ("/api/v2/version", "/api/v2/monitor/health")

    sched = services["airflow-scheduler"]
    url = urlsplit(healthcheck_url(sched))
    env = env_mapping(sched)
    assert env.get("AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK", "").lower() == "true", (
        "the scheduler's health server is off: its health check would always fail")
    port = int(env.get("AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT", 8974))
    assert (url.hostname, url.port, url.path) == ("localhost", port, "/health")

    dash = as_argv(services["dashboard"]["command"])
    url = urlsplit(healthcheck_url(services["dashboard"]))
    assert (url.hostname, url.port, url.path) == (
        "localhost", int(option_value(dash, "--port")), "/_stcore/health")


def test_job_health_checks_check_their_own_job_type(services):
    for name, job in (("airflow-dag-processor", "DagProcessorJob"),
                      ("airflow-triggerer", "TriggererJob")):
        argv = as_argv(services[name]["healthcheck"]["test"])[1:]
        assert argv[:3] == ["airflow", "jobs", "check"], f"{name}: {argv}"
        assert option_value(argv, "--job-type") == job, f"{name} must check {job}"
        assert "--local" in argv or "--hostname" in argv, f"{name}: must check its own host"


def test_depends_on_targets_exist_with_valid_conditions(services):
    graph: dict[str, set[str]] = {}
    for name, service in services.items():
        deps = service.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        graph[name] = set(deps)
        for target, spec in deps.items():
            assert target in services, f"{name} depends on unknown service {target}"
            assert target != name
            condition = (spec or {}).get("condition", "service_started")
            assert condition in VALID_CONDITIONS, f"{name} -> {target}: {condition}"
            if condition == "service_healthy":
                assert "healthcheck" in services[target], f"{target} has no health check"
            if condition == "service_completed_successfully":
                assert target in ONE_SHOT, f"{target} is not a one-shot service"
    # acyclic: compose could never start a cycle
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        assert state.get(node) != 1, f"dependency cycle: {' -> '.join(path + (node,))}"
        if state.get(node) == 2:
            return
        state[node] = 1
        for dep in graph[node]:
            visit(dep, path + (node,))
        state[node] = 2

    for node in graph:
        visit(node, ())
    # what Airflow needs before it starts
    for name in AIRFLOW_LIKE:
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in AIRFLOW_SERVICES:
        assert (services[name]["depends_on"]["airflow-init"]["condition"]
                == "service_completed_successfully")
    # the scheduler runs tasks, which talk to the api-server's execution API
    assert (services["airflow-scheduler"]["depends_on"]["airflow-apiserver"]["condition"]
            == "service_healthy")


def test_restart_policies(services):
    for name, service in services.items():
        restart = str(service.get("restart", "no"))
        if name in ONE_SHOT:
            assert restart == "no", f"{name} is a one-shot: it must not be restarted"
        else:
            assert restart in ("always", "unless-stopped", "on-failure"), f"{name}: {restart}"


def test_execution_api_url_points_at_the_api_server(services):
    api_port = int(option_value(as_argv(services["airflow-apiserver"]["command"]), "--port") or 8080)
    for name in AIRFLOW_LIKE:
        env = env_mapping(services[name])
        assert env.get("AIRFLOW__CORE__EXECUTOR") == "LocalExecutor", name
        url = urlsplit(env.get("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", ""))
        assert (url.hostname, url.port, url.path) == ("airflow-apiserver", api_port,
                                                      "/execution/"), name
        conn = urlsplit(env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"])
        assert conn.scheme.startswith("postgresql") and conn.hostname == "postgres", name
        assert env.get("AIRFLOW__CORE__LOAD_EXAMPLES", "").lower() == "false", name


def test_airflow_components_share_their_secrets(services):
    # Each container would otherwise generate its own, and tasks or logs would be rejected.
    for key in ("AIRFLOW__CORE__FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET",
                "AIRFLOW__API__SECRET_KEY", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"):
        values = {env_mapping(services[name]).get(key) for name in AIRFLOW_LIKE}
        assert len(values) == 1 and None not in values and "" not in values, key


# --------------------------------------------------------------------------------------------
# compose: volumes, mounts, ports
# --------------------------------------------------------------------------------------------


def test_named_volumes_are_declared_and_used(compose, services):
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in services.items():
        for entry in service.get("volumes", []):
            kind, source, target, _ = parse_volume(entry)
            assert target.startswith("/"), f"{name}: mount target {target!r} is not absolute"
            if kind == "volume":
                assert source, f"{name}: anonymous volume at {target}: name it"
                assert source in declared, f"{name}: volume {source!r} is not declared"
                used.add(source)
    assert declared == used, f"declared but unused volumes: {declared - used}"


def test_bind_mount_sources_exist(raw_compose, services):
    binds = []
    for name, service in services.items():
        for entry in service.get("volumes", []):
            kind, source, target, read_only = parse_volume(entry)
            if kind == "bind":
                binds.append((name, source, target, read_only))
    assert binds, "expected at least the landing folder as a bind mount"
    for name, source, target, _ in binds:
        path = (ROOT / source).resolve() if not source.startswith(("/", "~")) else Path(source)
        if source.startswith(("/", "~")):
            continue  # an operator's absolute path: nothing to check in the repository
        assert path.is_relative_to(ROOT), f"{name}: {source} leaves the repository"
        rel = path.relative_to(ROOT)
        if rel.parts and rel.parts[0] in RUNTIME_DATA_DIRS:
            continue  # runtime data: created by compose or `make demo` when missing
        assert path.exists(), f"{name}: bind-mount source {source} does not exist"
    # the only host folder the containers see is the landing folder, read-only
    for name, _, target, read_only in binds:
        assert target == LANDING_DIR and read_only, f"{name}: unexpected bind mount {target}"


def _mounts(service: dict) -> dict[str, tuple[str, str, bool]]:
    out = {}
    for entry in service.get("volumes", []):
        kind, source, target, read_only = parse_volume(entry)
        out[target] = (kind, source, read_only)
    return out


def test_airflow_and_the_dashboard_share_the_data_volume(services):
    for name in AIRFLOW_LIKE:
        mounts = _mounts(services[name])
        assert mounts.get(DATA_DIR) == ("volume", DATA_VOLUME, False), (
            f"{name}: {DATA_VOLUME} must be mounted read-write at {DATA_DIR}")
        assert mounts.get(LANDING_DIR, ("",))[0] == "bind" and mounts[LANDING_DIR][2], (
            f"{name}: landing folder must be mounted read-only at {LANDING_DIR}")
        assert mounts.get("/opt/airflow/logs", ("", "", True))[:2] == ("volume", "airflow-logs")
    dash = _mounts(services["dashboard"])
    assert dash.get(DATA_DIR) == ("volume", DATA_VOLUME, True), (
        f"the dashboard must mount {DATA_VOLUME} read-only at {DATA_DIR}")
    assert LANDING_DIR not in dash and "/opt/airflow/logs" not in dash
    # the auth manager's password file: written by airflow-init, read by the api-server
    for name in ("airflow-init", "airflow-apiserver"):
        auth = env_mapping(services[name])["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
        assert any(auth.startswith(t + "/") and kind == "volume"
                   for t, (kind, _, _) in _mounts(services[name]).items()), name


def test_settings_point_into_the_mounts(services):
    for name in (*AIRFLOW_LIKE, "dashboard"):
        env = env_mapping(services[name])
        warehouse = PurePosixPath(env["CROI_WAREHOUSE"])
        assert warehouse.parent == PurePosixPath(DATA_DIR), name  # serving copy is beside it
        assert env["CROI_HOME"] == DATA_DIR, name
        if name != "dashboard":
            assert env["CROI_LANDING"] == LANDING_DIR, name
    dash = as_argv(services["dashboard"]["command"])
    assert option_value(dash, "--warehouse") == env_mapping(services["dashboard"])["CROI_WAREHOUSE"]


@pytest.mark.parametrize("which", ["defaults", "env_example"])
def test_published_ports_do_not_collide(raw_compose, deploy_env, which):
    env = deploy_env if which == "env_example" else {
        k: v for k, v in deploy_env.items() if k in required_vars(COMPOSE_FILE.read_text())}
    services = resolve(raw_compose, env)["services"]
    seen: dict[tuple[str, int], str] = {}
    for name, service in services.items():
        for entry in service.get("ports", []):
            host_ip, published, _ = parse_port(entry)
            for (ip, port), other in seen.items():
                assert not (port == published and (ip == host_ip or "" in (ip, host_ip)
                                                   or "0.0.0.0" in (ip, host_ip))), (
                    f"{name} and {other} both publish port {published}")
            seen[(host_ip, published)] = name
    assert {n for n in seen.values()} == {"airflow-apiserver", "dashboard"}
    api = as_argv(services["airflow-apiserver"]["command"])
    assert parse_port(services["airflow-apiserver"]["ports"][0])[2] == int(
        option_value(api, "--port") or 8080)
    dash = as_argv(services["dashboard"]["command"])
    assert parse_port(services["dashboard"]["ports"][0])[2] == int(option_value(dash, "--port"))


# --------------------------------------------------------------------------------------------
# commands are real: Airflow's CLI parser and the community-roi CLI
# --------------------------------------------------------------------------------------------


def _airflow_invocations(services) -> list[list[str]]:
    found = []
    for service in services.values():
        for argv in (as_argv(service.get("command")),
                     as_argv((service.get("healthcheck") or {}).get("test"))[1:]):
            if argv[:1] == ["airflow"]:
                found.append(argv[1:])
            elif argv[:1] == ["bash"] or argv[:1] == ["sh"]:
                script = argv[-1]
                for line in script.splitlines():
                    line = line.strip()
                    if re.match(r"(exec\s+)?airflow\s", line):
                        words = shlex.split(line)
                        words = words[1:] if words[0] == "exec" else words
                        cut = next((i for i, w in enumerate(words)
                                    if w in ("&&", "||", ";", "|") or w.startswith(">")),
                                   len(words))
                        found.append(words[1:cut])
    return found


_PARSE_SCRIPT = """
import json, sys
from airflow.cli.cli_parser import get_parser
parser = get_parser()
errors = {}
for argv in json.loads(sys.argv[1]):
    try:
        parser.parse_args(argv)
    except SystemExit as exc:
        errors[" ".join(argv)] = f"rejected by the airflow CLI (exit {exc.code})"
print(json.dumps(errors))
"""


def test_airflow_commands_are_real_airflow_cli_commands(services, tmp_path):
    invocations = _airflow_invocations(services)
    assert ["db", "migrate"] in invocations, "airflow-init must run `airflow db migrate`"
    for sub in AIRFLOW_SERVICES.values():
        assert any(argv[:1] == [sub] for argv in invocations), sub
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__")}
    env["AIRFLOW_HOME"] = str(tmp_path / "airflow_home")
    env["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    proc = subprocess.run([sys.executable, "-c", _PARSE_SCRIPT, json.dumps(invocations)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    errors = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not errors, f"{errors}\n{proc.stderr[-3000:]}"


def _console_scripts() -> dict[str, str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]


def test_dashboard_runs_a_real_community_roi_subcommand(services):
    argv = as_argv(services["dashboard"]["command"])
    scripts = _console_scripts()
    assert argv[0] in scripts, f"{argv[0]} is not a console script of pyproject.toml"
    module, func = scripts[argv[0]].split(":")
    sub = argv[1]
    runner = (f"import sys; from {module} import {func} as main; "
              f"sys.argv[0] = {argv[0]!r}; sys.exit(main())")
    proc = subprocess.run([sys.executable, "-c", runner, sub, "--help"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert proc.returncode == 0, f"`{argv[0]} {sub} --help` failed:\n{proc.stderr[-2000:]}"
    for option in (a.split("=")[0] for a in argv[2:] if a.startswith("--")):
        assert option in proc.stdout, f"`{argv[0]} {sub}` has no option {option}"
    # what the dashboard command serves (the CLI runs streamlit on this file)
    assert (ROOT / "streamlit_app" / "streamlit_app.py").is_file(), (
        "streamlit_app/streamlit_app.py does not exist")


def test_init_writes_the_login_the_api_server_reads(services):
    init_env = env_mapping(services["airflow-init"])
    api_env = env_mapping(services["airflow-apiserver"])
    assert (init_env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
            == api_env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"])
    user = init_env["AIRFLOW_ADMIN_USERNAME"]
    assert api_env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS"].split(",")[0] == f"{user}:admin"
    script = as_argv(services["airflow-init"]["command"])[-1]
    assert "SIMPLE_AUTH_MANAGER_PASSWORDS_FILE" in script and "AIRFLOW_ADMIN_PASSWORD" in script


def test_dags_folder_is_the_repository_dags_folder_in_the_image(services, instructions):
    workdirs = [args for ins, args in instructions if ins == "WORKDIR"]
    assert workdirs, "Dockerfile sets no WORKDIR"
    for name in AIRFLOW_LIKE:
        folder = PurePosixPath(env_mapping(services[name])["AIRFLOW__CORE__DAGS_FOLDER"])
        assert folder == PurePosixPath(workdirs[-1]) / "dags", name
    dag_file = ROOT / "dags" / "community_roi_nightly.py"
    assert dag_file.is_file()
    assert "community_roi_nightly" in dag_file.read_text()


# --------------------------------------------------------------------------------------------
# Dockerfile and .dockerignore
# --------------------------------------------------------------------------------------------


def test_dockerfile_builds_from_the_lock_as_a_non_root_user(instructions):
    froms = [args for ins, args in instructions if ins == "FROM"]
    assert froms and froms[0].split()[0] == "python:3.11-slim"
    python = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert ">=3.11" in python.replace(" ", ""), "base image python 3.11 vs requires-python"
    runs = [args for ins, args in instructions if ins == "RUN"]
    text = "\n".join(runs)
    assert re.search(r"pip install\b.*\buv\b", text), "uv must be installed from PyPI with pip"
    syncs = [r for r in runs if "uv sync" in r]
    assert syncs and all("--frozen" in r and "--no-dev" in r for r in syncs), syncs
    assert "--no-editable" not in text, (
        "the project must stay an editable install: settings.PROJECT_ROOT locates dbt_project/")
    assert "pip install -r" not in text and "uv lock" not in text
    users = [args for ins, args in instructions if ins == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the image must not run as root"
    env_text = " ".join(args for ins, args in instructions if ins == "ENV")
    assert re.search(r"\bAIRFLOW_HOME=/", env_text), "AIRFLOW_HOME must be set"


def test_dockerfile_copy_sources_exist_and_reach_the_build_context(instructions):
    patterns = dockerignore_patterns(DOCKERIGNORE)
    copies = [args for ins, args in instructions if ins in ("COPY", "ADD")]
    assert copies
    for args in copies:
        words = [w for w in shlex.split(args) if not w.startswith("--")]
        assert not any(a.startswith("--from") for a in shlex.split(args)), "single-stage build"
        for source in words[:-1]:
            matches = list(ROOT.glob(source)) if any(c in source for c in "*?[") else (
                [ROOT / source] if (ROOT / source).exists() else [])
            assert matches, f"COPY source {source} does not exist"
            rel = source.strip("/")
            if rel not in ("", "."):
                assert not dockerignored(rel, patterns), f"COPY {source}: excluded by .dockerignore"
    readme = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("readme")
    first_copy = shlex.split(copies[0])
    for needed in ("pyproject.toml", "uv.lock", *([readme] if isinstance(readme, str) else [])):
        assert needed in first_copy, f"the dependency layer needs {needed} (uv sync reads it)"


def test_dockerignore_keeps_what_the_image_needs_and_drops_the_rest():
    patterns = dockerignore_patterns(DOCKERIGNORE)
    needed = ["pyproject.toml", "uv.lock", "README.md", "src/community_roi/__init__.py",
              "src/community_roi/settings.py", "src/community_roi/cli.py",
              "dags/community_roi_nightly.py", "dbt_project/dbt_project.yml",
              "dbt_project/profiles.yml", "streamlit_app/streamlit_app.py"]
    for rel in needed:
        assert (ROOT / rel).exists(), f"{rel} does not exist"
        assert not dockerignored(rel, patterns), f"{rel} is excluded from the image"
    for rel in (".env", ".venv/bin/python", ".git/HEAD", "data/landing/orders/a.csv",
                ".airflow/airflow.db", ".airflow/simple_auth_manager_passwords.json.generated",
                ".bootstrap/bin/uv",
                "data/warehouse.duckdb", "warehouse.serving.duckdb", "dbt_project/target/x.json",
                "src/community_roi/__pycache__/x.pyc", "tests/unit/test_x.py"):
        assert dockerignored(rel, patterns), f"{rel} would be sent into the image"


def test_postgres_drivers_are_installed_in_the_image(services, instructions):
    # Airflow needs a sync driver for the URL's scheme and asyncpg for its async engine.
    conn = env_mapping(services["airflow-scheduler"])["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    scheme = urlsplit(conn).scheme
    driver = scheme.split("+", 1)[1] if "+" in scheme else "psycopg2"
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    locked = {p["name"] for p in lock.get("package", [])}
    run_text = " ".join(args for ins, args in instructions if ins in ("RUN", "ARG"))
    for module, dists in ((driver, {driver, f"{driver}-binary"}), ("asyncpg", {"asyncpg"})):
        in_lock = bool(dists & locked)
        in_image = any(re.search(rf"\b{re.escape(d)}(==|>=|\b)", run_text) for d in dists)
        assert in_lock or in_image, f"nothing installs {module} for {conn.split(':')[0]}"


# --------------------------------------------------------------------------------------------
# .env.example and secrets
# --------------------------------------------------------------------------------------------


def test_env_example_lists_every_interpolated_variable(raw_compose, env_example):
    active, commented = env_example
    used = set().union(*(referenced_vars(s) for s in walk_strings(raw_compose)))
    missing = used - set(active) - commented
    assert not missing, f".env.example does not list {sorted(missing)}"
    for name in set().union(*(required_vars(s) for s in walk_strings(raw_compose))):
        assert name in active, f"required {name} must be an active line of .env.example"


def test_env_example_lists_every_setting_the_project_reads(raw_compose, env_example):
    active, commented = env_example
    read = set()
    for folder in ("src", "dags", "streamlit_app"):
        for path in (ROOT / folder).rglob("*.py"):
            read |= set(CROI_VAR.findall(path.read_text(encoding="utf-8")))
    assert read, "no CROI_* variable found in the code"
    missing = read - set(active) - commented
    assert not missing, f".env.example does not document {sorted(missing)}"
    # and docker compose hands each of them to the containers
    for name in (*AIRFLOW_LIKE, "dashboard"):
        env = raw_compose["services"][name]["environment"]
        absent = read - set(env)
        assert not absent, f"{name} does not receive {sorted(absent)}"
    for name in ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CORE__EXECUTOR",
                 "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__CORE__FERNET_KEY",
                 "AIRFLOW__CORE__LOAD_EXAMPLES", "POSTGRES_USER", "POSTGRES_PASSWORD",
                 "POSTGRES_DB"):
        assert name in active or name in commented, name
    assert active["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert active["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"


def test_env_example_values_are_the_built_in_defaults(env_example, monkeypatch):
    from community_roi.settings import Settings

    active, _ = env_example
    for name in [k for k in os.environ if k.startswith("CROI_")]:
        monkeypatch.delenv(name)
    baseline = Settings.from_env().as_dict()
    for name, value in active.items():
        if name.startswith("CROI_"):
            monkeypatch.setenv(name, value)
    assert Settings.from_env().as_dict() == baseline, (
        "copying .env.example to .env must change no setting")


def test_env_example_commits_no_secret(env_example):
    active, _ = env_example
    for name, value in active.items():
        if is_secret_name(name):
            assert value == "", f".env.example: {name} must be left empty, not {value!r}"


def test_compose_commits_no_secret(raw_compose):
    """Secrets come from .env: no default in the file, no literal credential in a URL."""
    def environments(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "environment":
                    yield value
                else:
                    yield from environments(value)
        elif isinstance(node, list):
            for value in node:
                yield from environments(value)

    checked = 0
    for env in environments(raw_compose):
        pairs = env.items() if isinstance(env, dict) else (
            e.split("=", 1) if "=" in e else (e, None) for e in env)
        for key, value in pairs:
            if key == "<<" or value is None or not is_secret_name(key):
                continue
            checked += 1
            text = str(value)
            assert referenced_vars(text), f"{key}: literal value {text!r} in docker-compose.yml"
            try:
                resolved = interpolate(text, {})
            except MissingVariable:
                continue  # required: no default at all
            assert resolved == "", f"{key}: docker-compose.yml commits a default {resolved!r}"
    assert checked >= 4
    # credentials inside URLs (the database URL) come from variables too: with only the
    # required variables set (so that every default is used), a password is one of them
    def sentinel(name: str) -> str:
        return f"var{name.lower().replace('_', '')}"

    required = set().union(*(required_vars(s) for s in walk_strings(raw_compose)))
    env = {name: sentinel(name) for name in required}
    for text in walk_strings(raw_compose):
        if "://" not in text:
            continue
        for url in re.findall(r"[a-z][a-z0-9+.-]*://\S+", interpolate(text, env)):
            password = urlsplit(url).password
            assert password is None or password in env.values(), (
                f"literal password {password!r} in {text!r}")


def test_required_variables_stop_compose_with_a_pointer_to_env_example(raw_compose, env_example):
    active, _ = env_example
    with pytest.raises(MissingVariable, match=r"\.env"):
        resolve(raw_compose, dict(active))  # a .env copied as is: secrets still empty

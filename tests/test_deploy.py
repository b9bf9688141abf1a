"""The deploy files hold together: the compose file lints, the Dockerfile installs from the lock as non-root, the
lock files pin (with hashes) everything pyproject.toml asks for, and every dependency range is bounded."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _compose_command() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else None


def test_compose_file_has_the_services_and_wiring():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "api", "worker", "proxy"}
    assert services["migrate"]["command"] == ["peerbill", "db", "upgrade"]
    for name in ("api", "worker"):  # nothing serves before the release step has migrated
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["api"]["deploy"]["replicas"] >= 2
    assert {"--no-webhooks", "--no-jobs"} <= set(services["api"]["command"])  # the worker container runs them
    assert services["worker"]["command"] == ["peerbill", "worker"]
    assert "ports" not in services["api"] and "ports" not in services["db"]  # only the proxy is published
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    env = services["api"]["environment"]
    assert env["PEERBILL_DATABASE_URL"].startswith("postgresql+psycopg://")
    # the connection budget of docs/deploy.md: replicas x workers x (pool + overflow) + the worker's pool
    per_process = int(env["PEERBILL_DB_POOL_SIZE"]) + int(env["PEERBILL_DB_MAX_OVERFLOW"])
    total = services["api"]["deploy"]["replicas"] * int(env["PEERBILL_WORKERS"]) * per_process + per_process
    max_connections = int(next(a for a in services["db"]["command"] if a.startswith("max_connections=")).split("=")[1])
    assert total <= max_connections - 10


def test_compose_file_lints_with_docker_compose():
    command = _compose_command()
    if command is None:
        # .ci/run installs docker-compose, so in CI a missing one is a failure; elsewhere the lint needs it.
        assert not os.environ.get("CI"), "CI must lint compose.yaml: .ci/run installs docker-compose"
        pytest.skip("neither `docker compose` nor `docker-compose` is installed (.ci/run installs docker-compose)")
    env = {**os.environ, "PEERBILL_DB_PASSWORD": "lint"}
    r = subprocess.run([*command, "-f", str(ROOT / "compose.yaml"), "config", "-q"], capture_output=True, text=True,
                       env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    unset = {k: v for k, v in env.items() if k != "PEERBILL_DB_PASSWORD"}
    r = subprocess.run([*command, "-f", str(ROOT / "compose.yaml"), "config", "-q"], capture_output=True, text=True,
                       env=unset, cwd=ROOT)
    assert r.returncode != 0 and "PEERBILL_DB_PASSWORD" in r.stdout + r.stderr  # no default password


def test_dockerfile_installs_from_the_lock_and_runs_as_non_root():
    text = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r requirements.lock" in text
    assert "pip install --no-deps ." in text
    final_stage = text.rsplit("FROM ", 1)[1]
    assert re.search(r"^USER peerbill$", final_stage, re.M) and "useradd" in final_stage
    for src in re.findall(r"^COPY (?!--from)(\S+)", text, re.M):
        assert (ROOT / src).exists(), src
    packaged = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    for package in packaged:  # every package the wheel includes is copied into the build
        assert f"COPY {package.rstrip('*')} ./{package.rstrip('*')}" in text


def _locked(path: Path) -> dict[str, str]:
    text = (ROOT / path).read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.M))
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text.split("\n", 1)[1])
    for block in blocks:
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, block[:80]
    return {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in pins.items()}


def _names(requirements: list[str]) -> set[str]:
    return {re.sub(r"[-_.]+", "-", Requirement(r).name).lower() for r in requirements} - {"peerbill"}


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ("postgres", "tracing")),
                                               ("requirements-dev.lock", ("postgres", "tracing", "test"))])
def test_lock_files_pin_everything_pyproject_asks_for(lock, extras):
    pins = _locked(Path(lock))
    wanted = _names(PYPROJECT["project"]["dependencies"])
    for extra in extras:
        wanted |= _names(PYPROJECT["project"]["optional-dependencies"][extra])
    assert wanted <= set(pins), wanted - set(pins)
    for req in PYPROJECT["project"]["dependencies"]:
        r = Requirement(req)
        assert r.specifier.contains(pins[re.sub(r"[-_.]+", "-", r.name).lower()], prereleases=True), req


def test_every_dependency_range_is_bounded():
    reqs = list(PYPROJECT["project"]["dependencies"])
    for extra in PYPROJECT["project"]["optional-dependencies"].values():
        reqs += extra
    for req in reqs:
        r = Requirement(req)
        if r.name == "peerbill":
            continue
        assert any(s.operator in ("<", "<=", "==", "~=") for s in r.specifier), f"{req} has no upper bound"


def test_ci_installs_from_the_lock_then_the_package_without_dependencies():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet --require-hashes --no-deps -r requirements-dev.lock" in ci
    assert "pip install --quiet --no-deps -e ." in ci
    assert "compose.yaml config -q" in ci

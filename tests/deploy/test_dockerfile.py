"""The Dockerfile: one image, built from the lock in a builder stage; the final stage is
python:3.11-slim with the venv only, a non-root user and nothing to build with."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def stages(tools):
    tools.need("dockerfile_parse", "dockerfile-parse (installed with checkov)")
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(path=str(tools.root / "Dockerfile"))
    out, current = [], None
    for ins in parser.structure:
        if ins["instruction"] == "FROM":
            current = {"from": ins["value"], "ins": []}
            out.append(current)
        elif current is not None:
            current["ins"].append((ins["instruction"], ins["value"]))
    return out


def test_multi_stage_from_the_lock(stages):
    assert len(stages) == 2
    builder, final = stages
    runs = " ".join(v for i, v in builder["ins"] if i == "RUN")
    assert "uv sync --frozen --no-dev --all-packages" in runs
    assert final["from"].startswith("python:3.11-slim")


def test_final_stage_is_minimal_and_non_root(stages):
    final = stages[-1]
    users = [v for i, v in final["ins"] if i == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    runs = " ".join(v for i, v in final["ins"] if i == "RUN")
    for tool in ("apt-get install", "gcc", "build-essential", "uv sync", "pip install"):
        assert tool not in runs, tool
    copies = [v for i, v in final["ins"] if i == "COPY"]
    assert copies == ["--from=builder --chown=0:0 /app/.venv /app/.venv"]
    entry = [v for i, v in final["ins"] if i == "ENTRYPOINT"]
    assert entry == ['["simpeg"]']


def test_dockerignore(tools):
    lines = set((tools.root / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", "**/__pycache__", "**/.pytest_cache"} <= lines

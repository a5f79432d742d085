"""docker-compose.yml: valid against the Compose specification (the compose-spec package,
a strict parser of the spec), every service buildable or pullable, healthchecks and start
order, secrets only as ${VAR} references, and every service the entry points define."""

from __future__ import annotations

import re

import pytest
import yaml

from simpeg_shared.service import services

VAR = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def interpolate(text: str) -> str:
    """What `docker compose config` does with the environment: defaults, or a dummy value."""
    return VAR.sub(lambda m: m.group(3) if m.group(2) == "-" else "dummy", text)


def parse(text: str):
    from compose_spec import PyCompose

    c = PyCompose.from_yaml(interpolate(text))
    c.validate()
    return c.to_spec()


@pytest.fixture(scope="module")
def compose_text(tools):
    tools.need("compose_spec", "compose-spec")
    return (tools.root / "docker-compose.yml").read_text()


@pytest.fixture(scope="module")
def compose(compose_text):
    return yaml.safe_load(compose_text)


def test_compose_file_follows_the_spec(compose_text):
    spec = parse(compose_text)
    assert len(spec.services) > 10


def test_every_service_has_image_or_build(compose):
    for name, svc in compose["services"].items():
        assert svc.get("image") or svc.get("build"), name


def test_healthchecks(compose):
    svcs = compose["services"]
    for name in ["kafka", "postgres", "keycloak", "minio"]:
        assert svcs[name]["healthcheck"]["test"], name
    for name, svc in svcs.items():
        if name.endswith("-api"):
            assert "/readyz" in " ".join(svc["healthcheck"]["test"]), name


def test_every_entry_point_service_is_in_compose(compose, generator):
    names = set(compose["services"])
    for svc in services():
        assert any(n.startswith(svc + "-") for n in names), svc
    for s in generator.SERVICES:
        for role in s.roles:
            assert f"{s.name}-{role}" in names
        if s.database:
            assert f"{s.name}-migrate" in names


def test_start_order(compose):
    svcs = compose["services"]
    for name, svc in svcs.items():
        if not name.startswith(tuple(s + "-" for s in services())):
            continue
        deps = svc["depends_on"]
        if name.endswith("-migrate"):
            assert deps["postgres"]["condition"] == "service_healthy"
            continue
        svc_name = name.rsplit("-", 1)[0]
        if f"{svc_name}-migrate" in svcs:
            assert deps[f"{svc_name}-migrate"]["condition"] == "service_completed_successfully"
            assert deps["kafka"]["condition"] == "service_healthy"
    assert all(d["condition"] == "service_healthy"
               for d in svcs["gateway-api"]["depends_on"].values())


def test_secrets_are_references(compose, tools):
    example = (tools.root / "deploy" / "compose" / "dev.env.example").read_text()
    required = set()
    for name, svc in compose["services"].items():
        for key, value in (svc.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET|CIPHER_KEY", key):
                assert VAR.fullmatch(value), f"{name}.{key} must be a ${{VAR}} reference"
            if "DATABASE_URL" in key:
                assert VAR.search(value), f"{name}.{key} must take its password from ${{VAR}}"
            required |= {m.group(1) for m in VAR.finditer(str(value)) if m.group(2) == "?"}
    for var in required:  # every required secret has a dev placeholder documented
        assert re.search(rf"^{var}=.*dev-only|^{var}=", example, re.M), var


def test_services_are_hardened(compose):
    for name, svc in compose["services"].items():
        if svc.get("build"):
            assert svc["read_only"] is True and svc["cap_drop"] == ["ALL"], name
            assert svc["user"] != "0", name


@pytest.mark.parametrize("old,new", [
    ("healthcheck:", "healthchek:"),
    ("depends_on:", "depends_onn:"),
    ("condition: service_healthy", "condition: service_happy"),
    ("restart: unless-stopped", "restart: sometimes"),
])
def test_broken_compose_is_rejected(compose_text, old, new):
    with pytest.raises(ValueError):
        parse(compose_text.replace(old, new, 1))

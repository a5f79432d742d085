"""Schemathesis against one SIMPEG service's OpenAPI, in process, with tokens the matrix allows.

Each operation of the service's ``/openapi.json`` gets generated cases (valid and invalid data;
a fixed seed per operation, mode and round, so every run sends the same cases), sent straight to
the service and through the gateway (its real proxy, whose HTTP client is pointed at the service
in process). Every response must be below 500,
carry a documented status and content type and match the documented schema; invalid data must be
refused. Failures are gathered per operation so one run names every defect.
"""

from __future__ import annotations

import contextlib
import math
import time
import warnings
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import hypothesis
import hypothesis.errors
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS
from schemathesis.core.failures import FailureGroup
from schemathesis.python.asgi import shutdown_lifespans

from simpeg_shared.auth import Role
from simpeg_shared.http.authz import matrix
from simpeg_shared.service import services

NIP = "199003152015031001"
INSTANSI = "pemkot-bandung"
#: Operations a generated request cannot end: the live stream stays open for as long as the
#: client listens (its parameters are covered by the authorisation and monitoring tests).
ENDLESS = {("GET", "/api/monitoring/v1/stream")}
OPS_PATHS = {"/healthz", "/readyz", "/metrics"}
# surat's verification page takes a signed letter as the body (application/pdf): sent as bytes
schemathesis.serializer.alias("application/pdf", "application/octet-stream")
CHECK_NAMES = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
               "response_schema_conformance", "negative_data_rejection")


def checks() -> list[Any]:
    found = {c.__name__: c for c in CHECKS.get_all()}
    missing = [n for n in CHECK_NAMES if n not in found]
    assert not missing, f"schemathesis has no check named {missing}: the installed version changed"
    return [found[n] for n in CHECK_NAMES]


def package_of(name: str) -> str:
    return services()[name].runtime.__module__.split(".")[0]


def token_roles(name: str, method: str, path: str) -> list[str]:
    """The roles of the token a case is sent with: those the matrix allows for the endpoint
    (instansi-bound roles; BKN_PUSAT only where it is the only one allowed)."""
    rule = matrix(package_of(name)).get((method, path))
    assert rule is not None, f"{method} {path} has no rule in {name}'s authz.yaml"
    if rule.roles is None:
        return ["PEGAWAI", "ATASAN", "ADMIN_INSTANSI"]
    roles = sorted(r.value for r in rule.roles if r is not Role.BKN_PUSAT)
    return roles or [Role.BKN_PUSAT.value]


@dataclass
class Report:
    service: str
    via: str
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        codes = " ".join(f"{k}:{v}" for k, v in sorted(self.statuses.items()))
        return (f"fuzz {self.service:<10} {self.via:<7} {self.cases:>5} cases in "
                f"{self.seconds:5.1f} s  statuses {codes}")


def gateway_in_front_of(make_runtime: Callable[..., Any], name: str, service_app: FastAPI) -> FastAPI:
    """The gateway app, its proxy's HTTP client sending to ``service_app`` in process."""
    upstream = f"http://{name}.upstream"
    gateway = make_runtime("gateway", database_url="sqlite:///unused", upstreams={name: upstream},
                           rate_per_user=1_000_000, burst_per_user=1_000_000,
                           rate_per_ip=1_000_000, burst_per_ip=1_000_000)
    app = gateway.api()

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        app_.state.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=service_app),
                                            timeout=app_.state.upstream_timeout)
        try:
            yield
        finally:
            await app_.state.http.aclose()

    app.router.lifespan_context = lifespan
    return app


def seed_of(*parts: object) -> int:
    """A fixed seed per operation, mode and round: the same cases on every run."""
    return zlib.crc32(" ".join(map(str, parts)).encode())


def fuzz(name: str, app: FastAPI, make_token: Callable[..., str], *, via: str,
         target: FastAPI | None = None, minimum: int = 1000, rounds: int = 4) -> Report:
    """Send generated cases of every operation of ``app``'s OpenAPI to ``target`` (default:
    ``app`` itself) until at least ``minimum`` were sent, and say what happened."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    report = Report(name, via)
    selected = checks()
    tokens: dict[tuple[str, ...], str] = {}
    operations = [op for op in (r.ok() for r in schema.get_all_operations())
                  if op.path not in OPS_PATHS and (op.method.upper(), op.path) not in ENDLESS]
    assert operations, f"{name}'s OpenAPI has no operation to fuzz"
    per_operation = max(5, math.ceil(minimum * 1.1 / (2 * len(operations))))
    started = time.perf_counter()
    try:
        for round_ in range(rounds):
            for op in operations:
                if round_ and report.cases >= minimum:
                    break  # every operation had its first round; later rounds only top up
                _fuzz_operation(name, op, report, selected, tokens, make_token, target,
                                per_operation, round_)
            if report.cases >= minimum:
                break
    finally:
        # the app's lifespan, started by schemathesis's in-process client, ends with the test
        shutdown_lifespans()
    report.seconds = time.perf_counter() - started
    print(report.line())
    return report


def _fuzz_operation(name: str, op: Any, report: Report, selected: list[Any],
                    tokens: dict[tuple[str, ...], str], make_token: Callable[..., str],
                    target: FastAPI | None, per_operation: int, round_: int) -> None:
    method = op.method.upper()
    roles = tuple(token_roles(name, method, op.path))
    token = tokens.get(roles)
    if token is None:
        token = tokens[roles] = make_token(*roles, nip=NIP, instansi=None if roles == (
            Role.BKN_PUSAT.value,) else INSTANSI)
    headers = {"Authorization": f"Bearer {token}"}
    kwargs = {"app": target} if target is not None else {}
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        seen: dict[str, str] = {}

        @hypothesis.seed(seed_of(method, op.path, mode.value, round_))
        @hypothesis.settings(max_examples=per_operation, database=None, deadline=None,
                             print_blob=False, phases=[Phase.explicit, Phase.generate],
                             suppress_health_check=list(HealthCheck))
        @hypothesis.given(case=op.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=headers, **kwargs)
            report.cases += 1
            report.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=selected, headers=headers,
                                       transport_kwargs=kwargs or None)
            except FailureGroup as group:  # gathered: one example of each kind per operation
                for failure in group.exceptions:
                    seen.setdefault(failure.title, str(group)[:2500])

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            # no parameter or body that could be made invalid
            assert mode is GenerationMode.NEGATIVE, f"{method} {op.path}: no valid case at all"
        for title, example in seen.items():
            report.failures.setdefault(f"{method} {op.path} [{mode.value}] {title}", example)


def assert_clean(report: Report, minimum: int) -> None:
    assert not report.failures, (
        f"{report.service} via {report.via}: {len(report.failures)} kinds of failure\n\n"
        + "\n\n".join(f"## {k}\n{v}" for k, v in report.failures.items()))
    assert report.cases >= minimum, (
        f"{report.service} via {report.via}: only {report.cases} cases (< {minimum})")


#: cases per service sent straight to it, and through the gateway
DIRECT_MINIMUM = 1000
GATEWAY_MINIMUM = 1000


class FuzzCount(UserWarning):
    """How many cases a fuzz run sent: a warning, so that pytest-xdist's workers pass it on and
    the run's summary lists the counts per service."""


def announce(report: Report) -> None:
    warnings.warn(FuzzCount(report.line()), stacklevel=2)


def direct(name: str, make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> None:
    app = make_runtime(name).api()
    report = fuzz(name, app, make_token, via="direct", minimum=DIRECT_MINIMUM)
    announce(report)
    assert_clean(report, DIRECT_MINIMUM)


def through_gateway(name: str, make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> None:
    app = make_runtime(name).api()
    gateway = gateway_in_front_of(make_runtime, name, app)
    report = fuzz(name, app, make_token, via="gateway", target=gateway, minimum=GATEWAY_MINIMUM)
    announce(report)
    assert_clean(report, GATEWAY_MINIMUM)

"""pytest plugin: the embedded broker, fresh databases and dev tokens for SIMPEG's tests.

Loaded by the root ``conftest.py``. Where a Docker engine answers, Kafka and PostgreSQL run in
containers (testcontainers); otherwise the embedded broker and PostgreSQL at ``127.0.0.1:5432``
(a fresh database for every runtime a test builds), else SQLite files. With ``CI=true`` PostgreSQL is
required, and its absence fails the run with a message saying so.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import structlog
from pydantic_settings import BaseSettings, SettingsConfigDict

from simpeg_shared import logging as slog
from simpeg_shared.devbroker import EmbeddedBroker
from simpeg_shared.devkeys import ensure_dev_keys, issue_token
from simpeg_shared.settings import CommonSettings


class TestSettings(BaseSettings):
    """How the test session finds its infrastructure."""

    __test__ = False
    model_config = SettingsConfigDict(env_prefix="SIMPEG_TEST_", extra="ignore")

    postgres_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    require_postgres: bool = False


class CISettings(BaseSettings):
    """``CI=true`` on the CI runner."""

    model_config = SettingsConfigDict(extra="ignore")

    ci: bool = False




def docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=5).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def postgres_answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


@dataclass
class Broker:
    bootstrap: str
    embedded: EmbeddedBroker | None = None
    container: Any = None

    def restart_empty(self) -> None:
        """Lose every topic, as the embedded broker does when it restarts."""
        if self.embedded is not None:
            self.embedded.restart_empty()
            return
        import asyncio

        from aiokafka.admin import AIOKafkaAdminClient

        async def _delete() -> None:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
            await admin.start()
            try:
                topics = [t for t in await admin.list_topics() if not t.startswith("__")]
                if topics:
                    await admin.delete_topics(topics)
            finally:
                await admin.close()

        asyncio.run(_delete())


@dataclass
class Databases:
    """Creates one fresh database per name for this test session."""

    admin_url: str | None
    sqlite_dir: Path
    created: list[str] = field(default_factory=list)
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def kind(self) -> str:
        return "postgresql" if self.admin_url else "sqlite"

    def fresh(self, name: str) -> str:
        db = f"simpeg_t{self.session}_{name}_{len(self.created)}"
        self.created.append(db)
        if self.admin_url is None:
            return f"sqlite:///{self.sqlite_dir / (db + '.sqlite3')}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}"')
        base = self.admin_url.rsplit("/", 1)[0]
        return f"{base}/{db}"

    def drop_all(self) -> None:
        if self.admin_url is None:
            return
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for db in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


@pytest.fixture(scope="session")
def broker() -> Iterator[Broker]:
    if docker_answers():
        from testcontainers.community.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as kafka:
            yield Broker(bootstrap=kafka.get_bootstrap_server(), container=kafka)
        return
    embedded = EmbeddedBroker().start()
    try:
        yield Broker(bootstrap=embedded.bootstrap, embedded=embedded)
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    settings = TestSettings()
    sqlite_dir = tmp_path_factory.mktemp("sqlite")
    if docker_answers():
        from testcontainers.community.postgres import PostgresContainer

        with PostgresContainer("postgres:15", driver=None) as pg:
            dbs = Databases(pg.get_connection_url(), sqlite_dir)
            yield dbs
        return
    if postgres_answers(settings.postgres_url):
        dbs = Databases(settings.postgres_url, sqlite_dir)
    elif CISettings().ci or settings.require_postgres:
        pytest.fail(
            f"PostgreSQL is required (CI=true) but does not answer at {settings.postgres_url}: "
            "start it (pg_ctlcluster 15 main start) or set SIMPEG_TEST_POSTGRES_URL",
            pytrace=False,
        )
    else:
        dbs = Databases(None, sqlite_dir)
    try:
        yield dbs
    finally:
        dbs.drop_all()


@pytest.fixture(scope="session")
def common_settings(broker: Broker, tmp_path_factory: pytest.TempPathFactory) -> CommonSettings:
    var_dir = tmp_path_factory.mktemp("var")
    _, jwks = ensure_dev_keys(var_dir)
    return CommonSettings(var_dir=var_dir, kafka_bootstrap=broker.bootstrap, jwks_file=jwks,
                          log_json=False)


@pytest.fixture(scope="session")
def make_token(common_settings: CommonSettings) -> Callable[..., str]:
    def _make(*roles: str, instansi: str | None = "pemkot-bandung", nip: str | None = None,
              ttl: dt.timedelta = dt.timedelta(minutes=30)) -> str:
        return issue_token(common_settings.var_dir, issuer=common_settings.jwt_issuer,
                           audience=common_settings.jwt_audience, roles=list(roles),
                           instansi=instansi, nip=nip, ttl=ttl)

    return _make


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def quiet_access_log() -> Iterator[None]:
    """The access log kept to warnings for one test, for folders that send thousands of requests
    (fuzz, corpus): they use it autouse from their conftest. The logging set before comes back
    afterwards."""
    before = structlog.get_config()
    slog.configure("WARNING", json=False)
    yield
    structlog.configure(**before)


@pytest.fixture
def make_runtime(databases: Databases, common_settings: CommonSettings) -> Iterator[Callable[..., Any]]:
    """Build a service's runtime on a fresh database (migrated), closed after the test."""
    from simpeg_shared.service import services

    made: list[Any] = []

    def _make(name: str, *, database_url: str | None = None, **overrides: Any) -> Any:
        definition = services()[name]
        common = overrides.pop("common", common_settings)
        settings = definition.settings(
            database_url=database_url or databases.fresh(name), common=common, **overrides
        )
        runtime = definition.runtime(settings)
        runtime.migrate()
        made.append(runtime)
        return runtime

    yield _make
    for runtime in made:
        runtime.close()


def pytest_report_header(config: pytest.Config) -> str:
    settings = TestSettings()
    if docker_answers():
        db, kafka = "PostgreSQL in a container", "Kafka in a container"
    elif postgres_answers(settings.postgres_url):
        db, kafka = f"PostgreSQL at {settings.postgres_url.rsplit('@', 1)[-1]}", "embedded broker"
    else:
        db, kafka = "SQLite (PostgreSQL does not answer)", "embedded broker"
    return f"simpeg: databases: {db}; broker: {kafka}"

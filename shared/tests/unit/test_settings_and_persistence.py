from pathlib import Path

import pytest

from simpeg_shared.persistence import eventsourcing_env, is_postgres
from simpeg_shared.settings import CommonSettings, ServiceSettings


class DemoSettings(ServiceSettings):
    service_name = "demo"
    default_port = 8199


def test_service_settings_read_their_own_prefix_and_the_shared_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SIMPEG_DEMO_HTTP_PORT", "9001")
    monkeypatch.setenv("SIMPEG_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SIMPEG_KAFKA_BOOTSTRAP", "kafka:9092")
    s = DemoSettings()
    assert s.port == 9001
    assert s.common.kafka_bootstrap == "kafka:9092"
    assert s.db_url == f"sqlite:///{tmp_path}/demo.sqlite3"
    assert DemoSettings(database_url="postgresql://u@h/db").db_url == "postgresql://u@h/db"
    assert CommonSettings().var_dir == tmp_path


def test_a_postgres_url_becomes_the_eventsourcing_postgres_environment() -> None:
    env = eventsourcing_env("postgresql://simpeg:s%40cret@db.local:5433/profile")
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db.local", "5433", "profile")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("simpeg", "s@cret")
    assert "POSTGRES_ENABLE_DB_FUNCTIONS" not in env  # keeps the table lock: ids in commit order
    assert is_postgres("postgresql://x/y") and not is_postgres("sqlite:///x")


def test_a_sqlite_url_becomes_the_eventsourcing_sqlite_environment(tmp_path: Path) -> None:
    env = eventsourcing_env(f"sqlite:///{tmp_path}/a/b.sqlite3")
    assert env == {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                   "SQLITE_DBNAME": f"{tmp_path}/a/b.sqlite3", "SQLITE_LOCK_TIMEOUT": "10"}
    assert (tmp_path / "a").is_dir()


def test_an_unknown_database_url_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="unsupported database URL"):
        eventsourcing_env("mysql://x/y")


def test_save_finds_the_nips_of_a_batch_where_eventsourcing_keeps_pending_events() -> None:
    """``SimpegApplication.save`` reads the aggregates' pending events (eventsourcing's private
    ``_pending_events``) to load or make a whole batch's per-pegawai keys in one round trip. An
    eventsourcing upgrade that moves them must fail here, not quietly turn an import of
    thousands into a key lookup per event."""
    from eventsourcing.domain import Aggregate, event

    class Contoh(Aggregate):
        @event("Dibuat")
        def __init__(self, nip: str) -> None:
            self.nip = nip

        @event("Diubah")
        def ubah(self, nip: str) -> None:
            self.nip = nip

    contoh = Contoh(nip="199003152015031001")
    contoh.ubah(nip="199104202016042002")
    assert [e.nip for e in contoh._pending_events] == ["199003152015031001", "199104202016042002"]
    contoh.collect_events()
    assert list(contoh._pending_events) == []

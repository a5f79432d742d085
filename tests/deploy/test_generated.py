"""The one service list (deploy/generate.py): the generated files are fresh, and the list names
every service of the `simpeg.services` entry points with the roles its runtime really has."""

from __future__ import annotations

from simpeg_shared.service import ServiceRuntime, services


def test_generated_files_are_fresh(generator):
    stale = [str(p) for p, text in generator.outputs().items()
             if not p.exists() or p.read_text() != text]
    assert stale == [], "run `uv run --frozen --no-sync python deploy/generate.py`"


def test_service_list_matches_entry_points(generator):
    assert {s.name for s in generator.SERVICES} == set(services())


def test_roles_match_the_runtimes(generator):
    for s in generator.SERVICES:
        runtime = services()[s.name].runtime  # the runtime class: nothing is started
        has_relay = runtime.relay is not ServiceRuntime.relay
        has_worker = runtime.projections is not ServiceRuntime.projections
        has_db = runtime.uses_database
        assert ("relay" in s.roles) == has_relay, s.name
        assert ("worker" in s.roles) == has_worker, s.name
        assert s.database == has_db, s.name
        assert "api" in s.roles
        assert s.publishes == has_relay, s.name

import copy
from pathlib import Path

import simpeg_shared.contracts as contracts
from simpeg_shared.contracts import all_contracts, json_schema
from simpeg_shared.contracts.compat import check_snapshots, incompatibilities
from simpeg_shared.contracts.profile import PegawaiRegisteredV1

SCHEMAS = Path(contracts.__file__).with_name("schemas")


def test_every_contract_matches_its_committed_snapshot() -> None:
    assert all_contracts(), "no contract registered"
    assert check_snapshots(SCHEMAS) == []


def _schema() -> dict:
    return copy.deepcopy(json_schema(PegawaiRegisteredV1))


def test_removing_a_property_is_incompatible() -> None:
    old, new = _schema(), _schema()
    del new["properties"]["nama"]
    assert incompatibilities(old, new) == ["property 'nama' was removed"]


def test_changing_a_type_is_incompatible() -> None:
    old, new = _schema(), _schema()
    new["properties"]["nama"] = {"type": "integer"}
    assert "property 'nama' changed type" in incompatibilities(old, new)[0]


def test_a_new_required_property_is_incompatible_but_a_new_optional_one_is_not() -> None:
    old = _schema()
    optional = _schema()
    optional["properties"]["gelar"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert incompatibilities(old, optional) == []
    required = copy.deepcopy(optional)
    required["required"].append("gelar")
    assert incompatibilities(old, required) == ["property 'gelar' became required"]


def test_a_stale_or_missing_snapshot_is_reported(tmp_path: Path) -> None:
    problems = check_snapshots(tmp_path)
    assert problems and all("no snapshot" in p for p in problems)
    (tmp_path / "id.simpeg.gone.RemovedV1.json").write_text("{}")
    assert any("no longer exists" in p for p in check_snapshots(tmp_path))

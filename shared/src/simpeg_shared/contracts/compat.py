"""Contract compatibility: the committed JSON-schema snapshots against the code.

Within a version a contract may only grow: every property a snapshot has must still exist with
the same type, no new property may be required, and nothing may be removed. A breaking change is
a new ``V<n+1>`` contract. A compatible change still needs ``simpeg contracts snapshot`` so the
snapshot documents it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from simpeg_shared.contracts import all_contracts, json_schema


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return schema.get("$defs", {})[ref.removeprefix("#/$defs/")]
    return node


def _types(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    node = _resolve(schema, node)
    if "anyOf" in node:
        return set().union(*(_types(schema, n) for n in node["anyOf"]))
    kind = node.get("type", "object" if "properties" in node else "any")
    fmt = node.get("format")
    return {f"{kind}:{fmt}" if fmt else str(kind)}


def incompatibilities(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    found = []
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, prop in old_props.items():
        if name not in new_props:
            found.append(f"property {name!r} was removed")
            continue
        before, after = _types(old, prop), _types(new, new_props[name])
        if not before <= after:
            found.append(f"property {name!r} changed type {sorted(before)} -> {sorted(after)}")
    added_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(added_required):
        found.append(f"property {name!r} became required")
    return found


def _path(folder: Path, type_name: str) -> Path:
    return folder / f"{type_name}.json"


def write_snapshots(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for type_name, cls in all_contracts().items():
        path = _path(folder, type_name)
        path.write_text(json.dumps(json_schema(cls), indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def check_snapshots(folder: Path) -> list[str]:
    problems = []
    current = all_contracts()
    for type_name, cls in current.items():
        path = _path(folder, type_name)
        if not path.exists():
            problems.append(f"{type_name}: no snapshot; run `simpeg contracts snapshot`")
            continue
        old, new = json.loads(path.read_text()), json_schema(cls)
        issues = incompatibilities(old, new)
        problems.extend(f"{type_name}: incompatible change: {i}; add a new version instead"
                        for i in issues)
        if not issues and old != json.loads(json.dumps(new, sort_keys=True)):
            problems.append(f"{type_name}: snapshot is stale; run `simpeg contracts snapshot`")
    for path in sorted(folder.glob("*.json")):
        if path.stem not in current:
            problems.append(f"{path.stem}: snapshot of a contract that no longer exists (contracts are never removed)")
    return problems

"""checkov on the rendered dev and prod manifests and the Dockerfile: no failed check. Waivers
are inline and carry a reason (checkov.io/skipN annotations written by deploy/generate.py,
#checkov:skip comments in the Dockerfile). Offline, checkov reports no severities, so every
failed check counts. One run per session, with a deliberately bad Deployment beside the real
files, to show the run can fail."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BAD_DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "insecure", "namespace": "simpeg"},
    "spec": {"selector": {"matchLabels": {"app": "insecure"}},
             "template": {"metadata": {"labels": {"app": "insecure"}},
                          "spec": {"containers": [{"name": "c", "image": "nginx:latest",
                                                   "securityContext": {"privileged": True}}]}}},
}


@pytest.fixture(scope="module")
def checkov(tmp_path_factory, rendered, tools):
    tools.need("checkov", "checkov")
    exe = Path(sys.executable).with_name("checkov")
    if not exe.exists():
        pytest.fail(f"checkov is installed but its script {exe} is missing", pytrace=False)
    work = tmp_path_factory.mktemp("checkov")
    (work / "good").mkdir()
    (work / "bad").mkdir()
    for target in ("dev", "prod"):
        (work / "good" / f"{target}.yaml").write_text(yaml.safe_dump_all(rendered[target]))
    shutil.copy(tools.root / "Dockerfile", work / "good" / "Dockerfile")
    (work / "bad" / "insecure.yaml").write_text(yaml.safe_dump(BAD_DEPLOYMENT))
    out = subprocess.run(
        [str(exe), "-d", str(work), "--framework", "kubernetes", "dockerfile",
         "--skip-download", "-o", "json"],
        capture_output=True, text=True, timeout=180,
        env={"PATH": str(exe.parent) + ":/usr/bin:/bin", "BC_SKIP_MAPPING": "TRUE",
             "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false", "HOME": str(work)})
    if out.returncode not in (0, 1) or not out.stdout.strip():
        pytest.fail(f"checkov did not run:\n{out.stderr[-3000:]}", pytrace=False)
    reports = json.loads(out.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [(r["check_type"], f["check_id"], f["file_path"], f["resource"])
              for r in reports for f in r["results"]["failed_checks"]]
    skipped = [f for r in reports for f in r["results"]["skipped_checks"]]
    return {"types": {r["check_type"] for r in reports}, "failed": failed, "skipped": skipped}


def test_checkov_ran_both_frameworks(checkov):
    assert {"kubernetes", "dockerfile"} <= checkov["types"]


def test_no_failed_check_on_our_files(checkov):
    ours = [f for f in checkov["failed"] if "/bad/" not in f[2]]
    assert ours == []


def test_every_waiver_has_a_reason(checkov):
    assert checkov["skipped"], "the waivers were not seen: is checkov reading the annotations?"
    for s in checkov["skipped"]:
        reason = s.get("suppress_comment") or (s.get("check_result") or {}).get(
            "suppress_comment") or ""
        assert len(reason.strip()) > 20, s["check_id"]


def test_checkov_fails_a_bad_deployment(checkov):
    bad = {f[1] for f in checkov["failed"] if "/bad/" in f[2]}
    assert {"CKV_K8S_16", "CKV_K8S_14"} <= bad  # privileged container; image tag latest

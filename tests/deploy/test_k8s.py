"""deploy/k8s: kustomize renders every target; built-in objects validate against the Kubernetes
schemas kubernetes-validate ships; custom resources satisfy their API references; the
deployment rules of the issue hold; and broken manifests are caught."""

from __future__ import annotations

import copy
import shutil

import pytest

BUILTIN_GROUPS = {"", "apps", "batch", "autoscaling", "policy", "networking.k8s.io"}


def k8s_version():
    import kubernetes_validate.utils as kvu

    return kvu.latest_version()


def validate_builtin(objs: list[dict]) -> list[str]:
    import kubernetes_validate

    errs = []
    for o in objs:
        group = o["apiVersion"].rpartition("/")[0]
        if group not in BUILTIN_GROUPS:
            continue
        try:
            kubernetes_validate.validate(o, k8s_version(), strict=True)
        except kubernetes_validate.ValidationError as e:
            errs.append(f"{o['kind']}/{o['metadata']['name']}: {e.message}")
    return errs


def by_kind(objs, kind):
    return [o for o in objs if o["kind"] == kind]


@pytest.fixture(scope="module", autouse=True)
def _tools(tools):
    tools.need("kubernetes_validate", "kubernetes-validate")


@pytest.mark.parametrize("target", ["base", "dev", "prod"])
def test_kustomize_renders(rendered, target):
    kinds = {o["kind"] for o in rendered[target]}
    assert {"Deployment", "Service", "Job", "HorizontalPodAutoscaler", "PodDisruptionBudget",
            "NetworkPolicy", "ConfigMap", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster",
            "HTTPRoute", "ServiceMonitor"} <= kinds
    assert "Secret" not in kinds, "secrets are referenced, never committed"


@pytest.mark.parametrize("target", ["base", "dev", "prod"])
def test_builtin_objects_validate(rendered, target):
    objs = rendered[target]
    checked = [o for o in objs if o["apiVersion"].rpartition("/")[0] in BUILTIN_GROUPS]
    assert len(checked) > 30
    assert validate_builtin(objs) == []


@pytest.mark.parametrize("target", ["base", "dev", "prod"])
def test_custom_resources_match_their_api_references(rendered, crd, target):
    objs = rendered[target]
    assert {(o["kind"]) for o in objs if crd.is_custom(o)} == {
        "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "HTTPRoute", "ServiceMonitor"}
    assert crd.errors(objs) == []


def test_every_service_role_is_deployed(rendered, generator):
    names = {o["metadata"]["name"] for o in by_kind(rendered["prod"], "Deployment")}
    want = {f"{s.name}-{r}" for s in generator.SERVICES for r in s.roles}
    assert names == want
    jobs = {o["metadata"]["name"] for o in by_kind(rendered["prod"], "Job")}
    assert jobs == {f"{s.name}-migrate" for s in generator.SERVICES if s.database}
    clusters = {o["metadata"]["name"] for o in by_kind(rendered["prod"], "Cluster")}
    assert clusters == {f"{s.name}-db" for s in generator.SERVICES if s.database}


@pytest.mark.parametrize("target", ["dev", "prod"])
def test_pods_are_hardened_and_sized(rendered, target):
    for o in by_kind(rendered[target], "Deployment") + by_kind(rendered[target], "Job"):
        pod = o["spec"]["template"]["spec"]
        name = f"{o['kind']}/{o['metadata']['name']}"
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        assert pod["automountServiceAccountToken"] is False, name
        for c in pod["containers"]:
            sc = c["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True, name
            assert sc["allowPrivilegeEscalation"] is False, name
            assert sc["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(c["resources"]["requests"]), name
            assert {"cpu", "memory"} <= set(c["resources"]["limits"]), name
            assert c["args"][0] == "service" and c["args"][2] in ("api", "relay", "worker",
                                                                   "migrate"), name
            for e in c.get("env", []):
                assert "value" not in e or not e["name"].endswith(("_URL", "_KEY")), name
                if "valueFrom" in e:
                    assert "secretKeyRef" in e["valueFrom"], name
            if c["args"][2] == "api":
                assert c["readinessProbe"]["httpGet"]["path"] == "/readyz", name
                assert c["livenessProbe"]["httpGet"]["path"] == "/healthz", name


def test_scaling_rules(rendered):
    prod = rendered["prod"]
    for d in by_kind(prod, "Deployment"):
        if d["metadata"]["name"].endswith("-relay"):
            assert d["spec"]["replicas"] == 1
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in by_kind(prod, "HorizontalPodAutoscaler")}
    deployments = {d["metadata"]["name"] for d in by_kind(prod, "Deployment")}
    assert set(hpas) == {d for d in deployments if d.endswith(("-api", "-worker"))}
    partitions = {t["spec"]["partitions"] for t in by_kind(prod, "KafkaTopic")}
    assert partitions == {12}
    assert {t["spec"]["replicas"] for t in by_kind(prod, "KafkaTopic")} == {3}
    for name, h in hpas.items():
        if name.endswith("-worker"):  # more consumers than partitions would sit idle
            assert h["spec"]["maxReplicas"] <= 12
    settings = by_kind(prod, "ConfigMap")[0]["data"]
    assert settings["SIMPEG_KAFKA_PARTITIONS"] == "12"
    assert settings["SIMPEG_KAFKA_REPLICATION"] == "3"
    pdbs = {p["metadata"]["name"] for p in by_kind(prod, "PodDisruptionBudget")}
    assert pdbs == set(hpas)


def test_network_policies(rendered):
    nps = {n["metadata"]["name"]: n["spec"] for n in by_kind(rendered["prod"], "NetworkPolicy")}
    deny = nps["default-deny-all"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    assert {"allow-dns-egress", "gateway-to-apis", "apis-from-gateway-and-prometheus",
            "apps-to-postgres", "apps-to-kafka"} <= set(nps)


def test_deployments_reference_the_generated_configmap(rendered):
    cm = by_kind(rendered["prod"], "ConfigMap")[0]["metadata"]["name"]
    for d in by_kind(rendered["prod"], "Deployment"):
        refs = {e["configMapRef"]["name"] for e in
                d["spec"]["template"]["spec"]["containers"][0]["envFrom"]}
        assert refs == {cm}


# ------------------------------------------------------------------ the checks can fail
def first(objs, kind, suffix=""):
    return copy.deepcopy(next(o for o in objs if o["kind"] == kind
                              and o["metadata"]["name"].endswith(suffix)))


def test_misspelled_field_is_rejected(rendered):
    d = first(rendered["prod"], "Deployment", "-api")
    c = d["spec"]["template"]["spec"]["containers"][0]
    c["readinesProbe"] = c.pop("readinessProbe")
    assert validate_builtin([d]) and "readinesProbe" in validate_builtin([d])[0]


def containers_without_image(objs: list[dict]) -> list[str]:
    """The schema leaves container.image optional (a controller may default it); SIMPEG's
    rendered pods must always name one."""
    out = []
    for o in objs:
        pod = (o.get("spec", {}).get("template") or {}).get("spec") or {}
        for c in pod.get("containers", []) + pod.get("initContainers", []):
            if not c.get("image"):
                out.append(f"{o['kind']}/{o['metadata']['name']}: container {c.get('name')}")
    return out


@pytest.mark.parametrize("target", ["base", "dev", "prod"])
def test_every_container_has_an_image(rendered, target):
    assert containers_without_image(rendered[target]) == []


def test_missing_image_is_rejected(rendered):
    d = first(rendered["prod"], "Deployment", "-worker")
    del d["spec"]["template"]["spec"]["containers"][0]["image"]
    assert containers_without_image([d]) == [f"Deployment/{d['metadata']['name']}: container worker"]


def test_wrong_type_is_rejected(rendered):
    d = first(rendered["prod"], "Deployment", "-relay")
    d["spec"]["replicas"] = "one"
    assert validate_builtin([d])


def test_broken_custom_resources_are_rejected(rendered, crd):
    objs = rendered["prod"]
    pool = first(objs, "KafkaNodePool")
    del pool["spec"]["roles"]
    kafka = first(objs, "Kafka")
    kafka["spec"]["kafka"]["listeners"][0]["port"] = 9404
    topic = first(objs, "KafkaTopic")
    topic["spec"]["replicas"] = 5  # more than the 3 brokers
    cluster = first(objs, "Cluster")
    cluster["spec"]["storage"] = {"sise": "1Gi"}
    route = first(objs, "HTTPRoute")
    route["spec"]["rules"][0]["backendRefs"][0]["port"] = 80
    monitor = first(objs, "ServiceMonitor")
    monitor["spec"]["endpoints"][0]["port"] = "metrics"
    others = [o for o in objs if not crd.is_custom(o)]
    for broken, needle in [(pool, "roles"), (kafka, "port"), (topic, "broker"),
                           (cluster, "storage.size"), (route, "port 80"),
                           (monitor, "no port 'metrics'")]:
        errs = crd.errors(others + [first(objs, "Kafka") if broken is not kafka else kafka,
                                    first(objs, "KafkaNodePool") if broken is not pool else pool,
                                    broken])
        assert any(needle in e for e in errs), (needle, errs)


def test_broken_kustomization_fails_to_render(tmp_path, tools):
    bad = tmp_path / "k8s"
    shutil.copytree(tools.root / "deploy" / "k8s", bad)
    kust = bad / "overlays" / "prod" / "kustomization.yaml"
    kust.write_text(kust.read_text().replace("../../base", "../../nothing-here"))
    with pytest.raises(AssertionError, match="kustomize"):
        tools.render(bad / "overlays" / "prod")

"""Checks of the custom resources SIMPEG deploys, against the fields their API references
require (Strimzi Kafka/KafkaNodePool/KafkaTopic v1beta2, CloudNativePG Cluster v1, Gateway API
HTTPRoute v1, Prometheus Operator ServiceMonitor v1). Written from the references, not copied
from upstream schemas: each rule names what the reference says is required or allowed.

``errors(objects)`` returns one message per problem; an empty list means the set is valid.
"""

from __future__ import annotations

import re
from typing import Any

CUSTOM_KINDS = {
    ("kafka.strimzi.io", "Kafka"), ("kafka.strimzi.io", "KafkaNodePool"),
    ("kafka.strimzi.io", "KafkaTopic"), ("postgresql.cnpg.io", "Cluster"),
    ("gateway.networking.k8s.io", "HTTPRoute"), ("monitoring.coreos.com", "ServiceMonitor"),
}
API_VERSIONS = {
    "Kafka": {"kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"},
    "KafkaNodePool": {"kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"},
    "KafkaTopic": {"kafka.strimzi.io/v1beta2", "kafka.strimzi.io/v1"},
    "Cluster": {"postgresql.cnpg.io/v1"},
    "HTTPRoute": {"gateway.networking.k8s.io/v1"},
    "ServiceMonitor": {"monitoring.coreos.com/v1"},
}
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
LISTENER_TYPES = {"internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"}
STORAGE_TYPES = {"ephemeral", "persistent-claim", "jbod"}


def is_custom(obj: dict) -> bool:
    group = obj.get("apiVersion", "").split("/")[0]
    return (group, obj.get("kind")) in CUSTOM_KINDS


def _allowed(where: str, d: dict, allowed: set[str]) -> list[str]:
    return [f"{where}: unknown field {k!r}" for k in d if k not in allowed]


def _required(where: str, d: Any, fields: list[str]) -> list[str]:
    if not isinstance(d, dict):
        return [f"{where}: must be an object"]
    return [f"{where}: {f} is required" for f in fields if d.get(f) in (None, "", [], {})]


def _storage(where: str, st: Any) -> list[str]:
    errs = _required(where, st, ["type"])
    if errs:
        return errs
    if st["type"] not in STORAGE_TYPES:
        return [f"{where}.type: {st['type']!r} not one of {sorted(STORAGE_TYPES)}"]
    if st["type"] == "persistent-claim":
        errs += _required(where, st, ["size"])
        if "size" in st and not QUANTITY.match(str(st["size"])):
            errs.append(f"{where}.size: {st['size']!r} is not a quantity")
    if st["type"] == "jbod":
        vols = st.get("volumes") or []
        if not vols:
            errs.append(f"{where}.volumes: a jbod storage needs at least one volume")
        for i, v in enumerate(vols):
            errs += _required(f"{where}.volumes[{i}]", v, ["id"])
            errs += _storage(f"{where}.volumes[{i}]", v)
        if sum(1 for v in vols if v.get("kraftMetadata") == "shared") > 1:
            errs.append(f"{where}: at most one volume may hold the KRaft metadata")
    return errs


def kafka(obj: dict) -> list[str]:
    w = f"Kafka/{obj['metadata']['name']}"
    spec = obj.get("spec") or {}
    errs = _required(w + ".spec", spec, ["kafka"])
    if errs:
        return errs
    if "zookeeper" in spec:
        errs.append(f"{w}: KRaft mode has no spec.zookeeper")
    ann = obj["metadata"].get("annotations") or {}
    if obj["apiVersion"].endswith("v1beta2"):
        for a in ("strimzi.io/node-pools", "strimzi.io/kraft"):
            if ann.get(a) != "enabled":
                errs.append(f"{w}: annotation {a}: enabled is needed for KRaft with node pools")
    listeners = spec["kafka"].get("listeners") or []
    if not listeners:
        errs.append(f"{w}.spec.kafka.listeners: at least one listener is required")
    names, ports = set(), set()
    for i, lst in enumerate(listeners):
        lw = f"{w}.spec.kafka.listeners[{i}]"
        errs += _required(lw, lst, ["name", "port", "type"])
        if "tls" not in lst:
            errs.append(f"{lw}: tls is required")
        if lst.get("type") not in LISTENER_TYPES:
            errs.append(f"{lw}.type: {lst.get('type')!r} not one of {sorted(LISTENER_TYPES)}")
        if not re.match(r"^[a-z0-9]{1,11}$", str(lst.get("name", ""))):
            errs.append(f"{lw}.name: lower-case letters and digits, at most 11")
        port = lst.get("port")
        if not isinstance(port, int) or port < 9092 or port in (9404, 9999):
            errs.append(f"{lw}.port: {port!r} must be an integer >= 9092, not 9404 or 9999")
        if lst.get("name") in names or port in ports:
            errs.append(f"{lw}: listener names and ports must be unique")
        names.add(lst.get("name"))
        ports.add(port)
    errs += _allowed(w + ".spec.kafka", spec["kafka"], {
        "version", "metadataVersion", "replicas", "image", "listeners", "config", "storage",
        "authorization", "rack", "brokerRackInitImage", "livenessProbe", "readinessProbe",
        "jvmOptions", "jmxOptions", "resources", "metricsConfig", "logging", "template",
        "tieredStorage", "quotas"})
    return errs


def node_pool(obj: dict, kafkas: set[str]) -> list[str]:
    w = f"KafkaNodePool/{obj['metadata']['name']}"
    spec = obj.get("spec") or {}
    errs = _required(w + ".spec", spec, ["replicas", "roles", "storage"])
    roles = spec.get("roles") or []
    if not roles or not set(roles) <= {"controller", "broker"}:
        errs.append(f"{w}.spec.roles: one or more of controller, broker (got {roles!r})")
    if not isinstance(spec.get("replicas"), int) or spec.get("replicas", 0) < 0:
        errs.append(f"{w}.spec.replicas: a non-negative integer")
    if "storage" in spec:
        errs += _storage(w + ".spec.storage", spec["storage"])
    cluster = (obj["metadata"].get("labels") or {}).get("strimzi.io/cluster")
    if cluster not in kafkas:
        errs.append(f"{w}: label strimzi.io/cluster={cluster!r} names no Kafka here")
    errs += _allowed(w + ".spec", spec, {"replicas", "roles", "storage", "resources",
                                          "jvmOptions", "template"})
    return errs


def topic(obj: dict, kafkas: set[str], brokers: int) -> list[str]:
    w = f"KafkaTopic/{obj['metadata']['name']}"
    spec = obj.get("spec") or {}
    errs = []
    cluster = (obj["metadata"].get("labels") or {}).get("strimzi.io/cluster")
    if cluster not in kafkas:
        errs.append(f"{w}: label strimzi.io/cluster={cluster!r} names no Kafka here")
    for f in ("partitions", "replicas"):
        if not isinstance(spec.get(f), int) or spec[f] < 1:
            errs.append(f"{w}.spec.{f}: an integer >= 1")
    if isinstance(spec.get("replicas"), int) and spec["replicas"] > brokers:
        errs.append(f"{w}.spec.replicas: {spec['replicas']} > {brokers} broker(s)")
    for k, v in (spec.get("config") or {}).items():
        if not isinstance(v, (str, int, bool, float)):
            errs.append(f"{w}.spec.config.{k}: a scalar")
    misr = int((spec.get("config") or {}).get("min.insync.replicas", 1))
    if isinstance(spec.get("replicas"), int) and misr > spec["replicas"]:
        errs.append(f"{w}: min.insync.replicas {misr} > replicas {spec['replicas']}")
    errs += _allowed(w + ".spec", spec, {"topicName", "partitions", "replicas", "config"})
    return errs


def pg_cluster(obj: dict) -> list[str]:
    w = f"Cluster/{obj['metadata']['name']}"
    spec = obj.get("spec") or {}
    errs = _required(w + ".spec", spec, ["instances", "storage"])
    if not isinstance(spec.get("instances"), int) or spec.get("instances", 0) < 1:
        errs.append(f"{w}.spec.instances: an integer >= 1")
    size = (spec.get("storage") or {}).get("size")
    if size is None or not QUANTITY.match(str(size)):
        errs.append(f"{w}.spec.storage.size: a quantity is required (got {size!r})")
    boot = spec.get("bootstrap") or {}
    if len(boot) > 1:
        errs.append(f"{w}.spec.bootstrap: only one of initdb, recovery, pg_basebackup")
    if "initdb" in boot:
        errs += _required(w + ".spec.bootstrap.initdb", boot["initdb"], ["database", "owner"])
    errs += _allowed(w + ".spec", spec, {
        "instances", "imageName", "imageCatalogRef", "imagePullPolicy", "storage", "walStorage",
        "bootstrap", "resources", "postgresql", "primaryUpdateStrategy", "primaryUpdateMethod",
        "monitoring", "backup", "affinity", "superuserSecret", "enableSuperuserAccess",
        "minSyncReplicas", "maxSyncReplicas", "description", "inheritedMetadata",
        "externalClusters", "replica", "managed", "certificates", "logLevel", "startDelay",
        "stopDelay", "switchoverDelay", "failoverDelay", "smartShutdownTimeout",
        "priorityClassName", "schedulerName", "topologySpreadConstraints", "env", "envFrom",
        "ephemeralVolumeSource", "ephemeralVolumesSizeLimit", "tablespaces", "plugins",
        "projectedVolumeTemplate", "seccompProfile", "serviceAccountTemplate", "nodeMaintenanceWindow"})
    return errs


def http_route(obj: dict, services: dict[str, set]) -> list[str]:
    w = f"HTTPRoute/{obj['metadata']['name']}"
    spec = obj.get("spec") or {}
    errs = []
    parents = spec.get("parentRefs") or []
    if not parents:
        errs.append(f"{w}.spec.parentRefs: at least one parent Gateway")
    for i, p in enumerate(parents):
        errs += _required(f"{w}.spec.parentRefs[{i}]", p, ["name"])
    for h in spec.get("hostnames") or []:
        if not re.match(r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", h):
            errs.append(f"{w}.spec.hostnames: {h!r} is not a hostname (no IPs, no ports)")
    rules = spec.get("rules") or []
    if not rules or len(rules) > 16:
        errs.append(f"{w}.spec.rules: 1 to 16 rules")
    for i, r in enumerate(rules):
        for m in r.get("matches") or []:
            path = m.get("path") or {}
            if path and path.get("type") not in ("Exact", "PathPrefix", "RegularExpression"):
                errs.append(f"{w}.spec.rules[{i}].matches.path.type: {path.get('type')!r}")
            if path and not str(path.get("value", "")).startswith("/"):
                errs.append(f"{w}.spec.rules[{i}].matches.path.value must start with /")
        for j, b in enumerate(r.get("backendRefs") or []):
            bw = f"{w}.spec.rules[{i}].backendRefs[{j}]"
            errs += _required(bw, b, ["name"])
            if b.get("kind", "Service") == "Service":
                if "port" not in b:
                    errs.append(f"{bw}: port is required for a Service backend")
                elif b.get("name") not in services or b["port"] not in services[b["name"]]:
                    errs.append(f"{bw}: no Service {b.get('name')!r} with port {b['port']}")
    errs += _allowed(w + ".spec", spec, {"parentRefs", "hostnames", "rules"})
    return errs


def service_monitor(obj: dict, service_objs: list[dict]) -> list[str]:
    w = f"ServiceMonitor/{obj['metadata']['name']}"
    spec = obj.get("spec") or {}
    errs = _required(w + ".spec", spec, ["selector", "endpoints"])
    if errs:
        return errs
    want = (spec["selector"].get("matchLabels") or {}).items()
    matched = [s for s in service_objs if want <= (s["metadata"].get("labels") or {}).items()]
    if not matched:
        errs.append(f"{w}.spec.selector selects no Service")
    for i, ep in enumerate(spec["endpoints"]):
        ew = f"{w}.spec.endpoints[{i}]"
        if not (ep.get("port") or ep.get("targetPort")):
            errs.append(f"{ew}: port (a Service port name) is required")
        for s in matched:
            if ep.get("port") not in {p.get("name") for p in s["spec"]["ports"]}:
                errs.append(f"{ew}: Service {s['metadata']['name']} has no port {ep.get('port')!r}")
        if "path" in ep and not str(ep["path"]).startswith("/"):
            errs.append(f"{ew}.path must start with /")
    return errs


def errors(objects: list[dict]) -> list[str]:
    errs: list[str] = []
    kafkas = {o["metadata"]["name"] for o in objects if o.get("kind") == "Kafka"}
    brokers = sum(o["spec"].get("replicas", 0) for o in objects
                  if o.get("kind") == "KafkaNodePool" and "broker" in (o["spec"].get("roles") or []))
    svc_objs = [o for o in objects if o.get("kind") == "Service" and o["apiVersion"] == "v1"]
    services = {o["metadata"]["name"]: {p.get("port") for p in o["spec"].get("ports", [])}
                for o in svc_objs}
    for o in objects:
        if not is_custom(o):
            continue
        kind = o["kind"]
        name = (o.get("metadata") or {}).get("name", "")
        if o["apiVersion"] not in API_VERSIONS[kind]:
            errs.append(f"{kind}/{name}: apiVersion {o['apiVersion']} not one of {API_VERSIONS[kind]}")
        if not K8S_NAME.match(name):
            errs.append(f"{kind}/{name}: metadata.name is not a valid Kubernetes name")
        errs += {
            "Kafka": lambda: kafka(o),
            "KafkaNodePool": lambda: node_pool(o, kafkas),
            "KafkaTopic": lambda: topic(o, kafkas, brokers),
            "Cluster": lambda: pg_cluster(o),
            "HTTPRoute": lambda: http_route(o, services),
            "ServiceMonitor": lambda: service_monitor(o, svc_objs),
        }[kind]()
    return errs

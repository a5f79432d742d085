"""The one list of SIMPEG's deployable services, and the files generated from it.

Writes ``deploy/k8s/base/services.yaml`` and ``deploy/k8s/base/services.env`` (one Deployment per
service role, Services, migrate Jobs, HPAs, PDBs, one CloudNativePG Cluster per service database,
one KafkaTopic per published context) and ``docker-compose.yml``. Edit ``SERVICES`` (or the
templates below), then run::

    uv run --frozen --no-sync python deploy/generate.py          # rewrite the files
    uv run --frozen --no-sync python deploy/generate.py --check  # exit 1 if they are stale

``tests/deploy`` checks that the files are fresh and that ``SERVICES`` names every service the
``simpeg.services`` entry points define, with the roles its runtime really has.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
K8S_BASE = ROOT / "deploy" / "k8s" / "base"
COMPOSE = ROOT / "docker-compose.yml"

IMAGE = "simpeg/simpeg"  # overlays set the registry and tag with kustomize `images:`
IMAGE_TAG = "0.1.0"
HTTP_PORT = 8080  # every api container listens here (SIMPEG_<S>_HTTP_PORT)
VAR_DIR = "/var/lib/simpeg"
UID = 10001
KAFKA_CLUSTER = "simpeg-kafka"


@dataclass(frozen=True)
class Service:
    name: str
    #: process roles deployed as their own Deployment ("migrate" is a Job, added when database)
    roles: tuple[str, ...]
    database: bool = True
    #: context whose public events this service publishes (its relay's topic)
    publishes: bool = False
    #: extra secret env vars: NAME -> (secret name, key); values are never committed
    secrets: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the api keeps uploaded files under SIMPEG_VAR_DIR/objects (needs a persistent volume)
    objects: bool = False


#: wraps every per-pegawai key (crypto-shredding, ADR 0029): services whose events hold personal
#: data need it; unset, a pod would make a new one under its ephemeral var/ at each start
MASTER_KEY = {"SIMPEG_MASTER_KEY": ("simpeg-master-key", "key")}

# THE service list. Order: what `simpeg run` starts first comes first; the gateway last.
SERVICES: tuple[Service, ...] = (
    Service("profile", ("api", "relay", "worker"), publishes=True, objects=True,
            secrets={"SIMPEG_PROFILE_CIPHER_KEY": ("simpeg-profile-cipher", "key"),
                     **MASTER_KEY}),
    Service("attendance", ("api", "relay", "worker"), publishes=True, objects=True,
            secrets={"SIMPEG_ATTENDANCE_CIPHER_KEY": ("simpeg-attendance-cipher", "key"),
                     **MASTER_KEY}),
    Service("kinerja", ("api", "relay", "worker"), publishes=True),
    Service("cuti", ("api", "relay", "worker"), publishes=True, secrets=dict(MASTER_KEY)),
    Service("kgb", ("api", "relay", "worker"), publishes=True),
    Service("surat", ("api", "relay", "worker"), publishes=True, objects=True,
            secrets={"SIMPEG_SURAT_SIGNING_SECRET": ("simpeg-surat-signing", "secret")}),
    Service("tpp", ("api", "relay", "worker"), publishes=True),
    # monitoring publishes nothing (its runtime has no relay): api + worker only
    Service("monitoring", ("api", "worker")),
    Service("gateway", ("api",), database=False),
)

RESOURCES = {
    "api": {"requests": {"cpu": "100m", "memory": "256Mi"},
            "limits": {"cpu": "1", "memory": "512Mi"}},
    "worker": {"requests": {"cpu": "100m", "memory": "256Mi"},
               "limits": {"cpu": "1", "memory": "512Mi"}},
    "relay": {"requests": {"cpu": "50m", "memory": "192Mi"},
              "limits": {"cpu": "500m", "memory": "384Mi"}},
    "migrate": {"requests": {"cpu": "50m", "memory": "192Mi"},
                "limits": {"cpu": "500m", "memory": "384Mi"}},
}

# checkov waivers, written onto the objects they concern (checkov reads checkov.io/skipN)
NO_HTTP = ("role has no HTTP port (only the api serves /healthz and /readyz); the orchestrator "
           "restarts it when the process exits, and relay/consumer lag is alerted on from the "
           "api's /metrics")
SECRET_ENV = ("SIMPEG reads every setting from the environment (simpeg_shared.settings); the "
              "values come from secretKeyRef, never from the manifest")
DIGEST = ("the release pipeline pins the image by digest with `kustomize edit set image`; the "
          "committed manifests carry a tag")


def env_prefix(s: Service) -> str:
    return f"SIMPEG_{s.name.upper()}_"


def labels(s: Service, role: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": s.name, "app.kubernetes.io/component": role,
            "app.kubernetes.io/part-of": "simpeg", "simpeg.io/tier": "app"}


def selector(s: Service, role: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": s.name, "app.kubernetes.io/component": role}


def skips(*pairs: tuple[str, str]) -> dict[str, str]:
    return {f"checkov.io/skip{i}": f"{check}={reason}" for i, (check, reason) in
            enumerate(pairs, 1)}


def container_env(s: Service) -> list[dict]:
    env = []
    if s.database:
        # CloudNativePG writes <cluster>-app with key `uri` (postgresql://user:pw@host:5432/db)
        env.append({"name": env_prefix(s) + "DATABASE_URL", "valueFrom": {
            "secretKeyRef": {"name": f"{s.name}-db-app", "key": "uri"}}})
    for var, (secret, key) in s.secrets.items():
        env.append({"name": var, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}})
    return env


def pod_spec(s: Service, role: str, restart: str = "Always") -> dict:
    c = {
        "name": role,
        "image": f"{IMAGE}:{IMAGE_TAG}",
        "imagePullPolicy": "Always",
        "args": ["service", s.name, role],
        "envFrom": [{"configMapRef": {"name": "simpeg-settings"}}],
        "resources": RESOURCES[role],
        "securityContext": {
            "allowPrivilegeEscalation": False, "privileged": False,
            "readOnlyRootFilesystem": True, "runAsNonRoot": True,
            "runAsUser": UID, "runAsGroup": UID,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"},
                         {"name": "var", "mountPath": VAR_DIR}],
    }
    env = container_env(s)
    if env:
        c["env"] = env
    if role == "api":
        c["ports"] = [{"name": "http", "containerPort": HTTP_PORT, "protocol": "TCP"}]
        probe = {"port": "http"}
        c["startupProbe"] = {"httpGet": {"path": "/healthz", **probe}, "periodSeconds": 2,
                             "failureThreshold": 60}
        c["readinessProbe"] = {"httpGet": {"path": "/readyz", **probe}, "periodSeconds": 10,
                               "timeoutSeconds": 3, "failureThreshold": 3}
        c["livenessProbe"] = {"httpGet": {"path": "/healthz", **probe}, "periodSeconds": 20,
                              "timeoutSeconds": 3, "failureThreshold": 3}
    var_volume: dict = {"name": "var", "emptyDir": {"sizeLimit": "256Mi"}}
    if role == "api" and s.objects:
        var_volume = {"name": "var", "persistentVolumeClaim": {"claimName": f"{s.name}-objects"}}
    return {
        "serviceAccountName": "simpeg",
        "automountServiceAccountToken": False,
        "restartPolicy": restart,
        "terminationGracePeriodSeconds": 30,
        "securityContext": {"runAsNonRoot": True, "runAsUser": UID, "runAsGroup": UID,
                            "fsGroup": UID, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [c],
        "volumes": [{"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
                    var_volume],
    }


def common_skips(role: str) -> list[tuple[str, str]]:
    out = [("CKV_K8S_43", DIGEST)]
    if role != "api":
        out += [("CKV_K8S_8", NO_HTTP), ("CKV_K8S_9", NO_HTTP)]
    return out


def deployment(s: Service, role: str) -> dict:
    pairs = common_skips(role)
    if container_env(s):
        pairs.append(("CKV_K8S_35", SECRET_ENV))
    spec: dict = {
        "selector": {"matchLabels": selector(s, role)},
        "template": {"metadata": {"labels": labels(s, role)}, "spec": pod_spec(s, role)},
    }
    if role == "relay":
        spec = {"replicas": 1, **spec}  # single active by a PostgreSQL advisory lock anyway
    elif role == "api":
        spec = {"replicas": 2, **spec}  # the HPA takes over from here
    else:
        spec = {"replicas": 1, **spec}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": f"{s.name}-{role}", "labels": labels(s, role),
                         "annotations": skips(*pairs)},
            "spec": spec}


def migrate_job(s: Service) -> dict:
    pairs = [("CKV_K8S_43", DIGEST), ("CKV_K8S_35", SECRET_ENV)]
    return {"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": f"{s.name}-migrate", "labels": labels(s, "migrate"),
                         "annotations": skips(*pairs)},
            "spec": {"backoffLimit": 6, "activeDeadlineSeconds": 900,
                     "ttlSecondsAfterFinished": 86400,
                     "template": {"metadata": {"labels": labels(s, "migrate")},
                                  "spec": pod_spec(s, "migrate", restart="OnFailure")}}}


def api_service(s: Service) -> dict:
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": f"{s.name}-api",
                         "labels": {**labels(s, "api"), "simpeg.io/metrics": "true"}},
            "spec": {"type": "ClusterIP", "selector": selector(s, "api"),
                     "ports": [{"name": "http", "port": HTTP_PORT, "targetPort": "http",
                                "protocol": "TCP"}]}}


def hpa(s: Service, role: str) -> dict:
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": f"{s.name}-{role}", "labels": labels(s, role)},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                        "name": f"{s.name}-{role}"},
                     # workers: more consumers than partitions sit idle (prod overlay: 12)
                     "minReplicas": 2 if role == "api" else 1,
                     "maxReplicas": 10 if role == "api" else 3,
                     "metrics": [{"type": "Resource", "resource": {
                         "name": "cpu", "target": {"type": "Utilization",
                                                   "averageUtilization": 70}}}]}}


def pdb(s: Service, role: str) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": f"{s.name}-{role}", "labels": labels(s, role)},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector(s, role)}}}


def pg_cluster(s: Service) -> dict:
    return {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster",
            "metadata": {"name": f"{s.name}-db",
                         "labels": {"app.kubernetes.io/name": s.name,
                                    "app.kubernetes.io/component": "database",
                                    "app.kubernetes.io/part-of": "simpeg"}},
            "spec": {"instances": 2,  # a primary and a replica; CNPG fails over
                     "imageName": "ghcr.io/cloudnative-pg/postgresql:15",
                     "primaryUpdateStrategy": "unsupervised",
                     "storage": {"size": "10Gi"},
                     "bootstrap": {"initdb": {"database": s.name, "owner": s.name}},
                     "resources": {"requests": {"cpu": "250m", "memory": "512Mi"},
                                   "limits": {"cpu": "2", "memory": "2Gi"}},
                     "monitoring": {"enablePodMonitor": True}}}


def objects_pvc(s: Service) -> dict:
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": f"{s.name}-objects", "labels": labels(s, "api")},
            # several api replicas write the same files: ReadWriteMany until the S3/MinIO
            # object store lands (simpeg_shared.objects)
            "spec": {"accessModes": ["ReadWriteMany"],
                     "resources": {"requests": {"storage": "20Gi"}}}}


def kafka_topic(s: Service) -> dict:
    return {"apiVersion": "kafka.strimzi.io/v1beta2", "kind": "KafkaTopic",
            "metadata": {"name": f"simpeg.{s.name}.v1",
                         "labels": {"strimzi.io/cluster": KAFKA_CLUSTER,
                                    "app.kubernetes.io/part-of": "simpeg"}},
            "spec": {"topicName": f"simpeg.{s.name}.v1", "partitions": 3, "replicas": 1,
                     "config": {"retention.ms": "2592000000",  # 30 days
                                "cleanup.policy": "delete", "min.insync.replicas": "1"}}}


def k8s_objects() -> list[dict]:
    objs: list[dict] = []
    for s in SERVICES:
        if s.database:
            objs.append(pg_cluster(s))
            objs.append(migrate_job(s))
        if s.publishes:
            objs.append(kafka_topic(s))
        if s.objects:
            objs.append(objects_pvc(s))
        for role in s.roles:
            objs.append(deployment(s, role))
            if role == "api":
                objs.append(api_service(s))
            if role in ("api", "worker"):
                objs.append(hpa(s, role))
                objs.append(pdb(s, role))
    return objs


def upstreams(host: str) -> str:
    return json.dumps({s.name: f"http://{host.format(name=s.name)}:{HTTP_PORT}"
                       for s in SERVICES if s.name != "gateway"}, separators=(",", ":"))


def services_env() -> str:
    lines = ["# generated by deploy/generate.py: per-service settings (no secrets here)"]
    for s in SERVICES:
        lines += [f"{env_prefix(s)}HTTP_HOST=0.0.0.0", f"{env_prefix(s)}HTTP_PORT={HTTP_PORT}"]
    lines.append(f"SIMPEG_GATEWAY_UPSTREAMS={upstreams('{name}-api')}")
    lines += ["# Keycloak issues the tokens, not the gateway's dev identity provider",
              "SIMPEG_GATEWAY_DEV_IDP=false"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------- compose
def compose() -> dict:
    dbs = [s for s in SERVICES if s.database]
    kc = "http://keycloak:8080/realms/simpeg"
    common_env = {
        "SIMPEG_KAFKA_BOOTSTRAP": "kafka:9092",
        "SIMPEG_KAFKA_PARTITIONS": "3",
        "SIMPEG_KAFKA_REPLICATION": "1",
        "SIMPEG_JWKS_URL": f"{kc}/protocol/openid-connect/certs",
        # tokens are issued to browsers at the public URL of Keycloak
        "SIMPEG_JWT_ISSUER": "${SIMPEG_JWT_ISSUER:-http://localhost:8180/realms/simpeg}",
        "SIMPEG_JWT_AUDIENCE": "simpeg",
        "SIMPEG_VAR_DIR": VAR_DIR,
        "SIMPEG_LOG_JSON": "true",
    }
    hardening = {"user": f"{UID}:{UID}", "read_only": True, "tmpfs": ["/tmp"],
                 "cap_drop": ["ALL"], "security_opt": ["no-new-privileges:true"]}
    image = {"image": "${SIMPEG_IMAGE:-simpeg:dev}",
             "build": {"context": ".", "dockerfile": "Dockerfile"}}
    services: dict[str, dict] = {
        "kafka": {
            "image": "apache/kafka:3.9.1",
            "environment": {
                "KAFKA_NODE_ID": "1",
                "KAFKA_PROCESS_ROLES": "broker,controller",
                "KAFKA_LISTENERS": "PLAINTEXT://:9092,CONTROLLER://:9093",
                "KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://kafka:9092",
                "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@kafka:9093",
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
                "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
                "KAFKA_AUTO_CREATE_TOPICS_ENABLE": "false",
                "KAFKA_LOG_DIRS": "/var/lib/kafka/data",
            },
            "volumes": ["kafka-data:/var/lib/kafka/data"],
            "healthcheck": {
                "test": ["CMD-SHELL", "/opt/kafka/bin/kafka-broker-api-versions.sh "
                         "--bootstrap-server localhost:9092 > /dev/null 2>&1"],
                "interval": "10s", "timeout": "10s", "retries": 12, "start_period": "20s"},
            "restart": "unless-stopped",
        },
        "postgres": {
            "image": "postgres:15",
            "environment": {
                "POSTGRES_USER": "postgres",
                "POSTGRES_PASSWORD": "${POSTGRES_PASSWORD:?set it in .env (deploy/compose/dev.env.example)}",
                "SIMPEG_DATABASES": " ".join(s.name for s in dbs),
                **{f"{s.name.upper()}_DB_PASSWORD":
                   f"${{{s.name.upper()}_DB_PASSWORD:?set it in .env}}" for s in dbs},
            },
            "volumes": ["postgres-data:/var/lib/postgresql/data",
                        "./deploy/compose/postgres-init.sh:/docker-entrypoint-initdb.d/10-simpeg.sh:ro"],
            "healthcheck": {"test": ["CMD-SHELL", "pg_isready -U postgres -d postgres"],
                            "interval": "5s", "timeout": "5s", "retries": 20},
            "restart": "unless-stopped",
        },
        "minio": {
            "image": "minio/minio:RELEASE.2025-04-22T22-12-26Z",
            "command": ["server", "/data", "--console-address", ":9001"],
            "environment": {"MINIO_ROOT_USER": "${MINIO_ROOT_USER:?set it in .env}",
                            "MINIO_ROOT_PASSWORD": "${MINIO_ROOT_PASSWORD:?set it in .env}"},
            "volumes": ["minio-data:/data"],
            "ports": ["127.0.0.1:9001:9001"],
            "healthcheck": {"test": ["CMD", "mc", "ready", "local"],
                            "interval": "10s", "timeout": "5s", "retries": 12},
            "restart": "unless-stopped",
        },
        "keycloak": {
            "image": "quay.io/keycloak/keycloak:26.0",
            "command": ["start-dev", "--import-realm"],
            "environment": {
                "KC_BOOTSTRAP_ADMIN_USERNAME": "${KEYCLOAK_ADMIN:?set it in .env}",
                "KC_BOOTSTRAP_ADMIN_PASSWORD": "${KEYCLOAK_ADMIN_PASSWORD:?set it in .env}",
                "KC_HEALTH_ENABLED": "true",
                "KC_HOSTNAME": "${KEYCLOAK_PUBLIC_URL:-http://localhost:8180}",
                "KC_HOSTNAME_BACKCHANNEL_DYNAMIC": "true",
            },
            "volumes": ["./deploy/keycloak/simpeg-realm.json:/opt/keycloak/data/import/simpeg-realm.json:ro"],
            "ports": ["127.0.0.1:8180:8080"],
            "healthcheck": {
                "test": ["CMD-SHELL", "exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET /health/ready "
                         "HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 "
                         "&& grep -q UP <&3"],
                "interval": "10s", "timeout": "5s", "retries": 30, "start_period": "30s"},
            "restart": "unless-stopped",
        },
    }
    readyz = ["CMD", "python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request."
              f"urlopen('http://127.0.0.1:{HTTP_PORT}/readyz', timeout=3).status == 200 else 1)"]
    for s in SERVICES:
        env = dict(common_env)
        env[env_prefix(s) + "HTTP_HOST"] = "0.0.0.0"
        env[env_prefix(s) + "HTTP_PORT"] = str(HTTP_PORT)
        if s.database:
            env[env_prefix(s) + "DATABASE_URL"] = (
                f"postgresql://{s.name}:${{{s.name.upper()}_DB_PASSWORD:?set it in .env}}"
                f"@postgres:5432/{s.name}")
        for var in s.secrets:
            env[var] = f"${{{var}:?set it in .env}}"
        if s.name == "gateway":
            env["SIMPEG_GATEWAY_UPSTREAMS"] = upstreams("{name}-api")
            env["SIMPEG_GATEWAY_DEV_IDP"] = "false"  # Keycloak issues the tokens
        infra = {"kafka": {"condition": "service_healthy"}}
        if s.database:
            infra["postgres"] = {"condition": "service_healthy"}
            services[f"{s.name}-migrate"] = {
                **image, "command": ["service", s.name, "migrate"], "environment": env,
                "depends_on": {"postgres": {"condition": "service_healthy"}},
                "restart": "no", **hardening,
                "tmpfs": ["/tmp", VAR_DIR + f":uid={UID},gid={UID}"]}
            infra[f"{s.name}-migrate"] = {"condition": "service_completed_successfully"}
        for role in s.roles:
            svc: dict = {**image, "command": ["service", s.name, role], "environment": env,
                         "depends_on": dict(infra), "restart": "unless-stopped", **hardening}
            volume = (f"{s.name}-objects:{VAR_DIR}" if role == "api" and s.objects
                      else None)
            svc["tmpfs"] = ["/tmp"] + ([] if volume else [VAR_DIR + f":uid={UID},gid={UID}"])
            if volume:
                svc["volumes"] = [volume]
            if role == "api":
                svc["depends_on"]["keycloak"] = {"condition": "service_healthy"}
                svc["healthcheck"] = {"test": readyz, "interval": "10s", "timeout": "5s",
                                      "retries": 12, "start_period": "20s"}
            if s.name == "gateway":
                svc["depends_on"] = {f"{o.name}-api": {"condition": "service_healthy"}
                                     for o in SERVICES if o.name != "gateway" and "api" in o.roles}
                svc["depends_on"]["keycloak"] = {"condition": "service_healthy"}
                svc["ports"] = ["${SIMPEG_GATEWAY_PORT:-8000}:8080"]
            services[f"{s.name}-{role}"] = svc
    volumes = {"kafka-data": {}, "postgres-data": {}, "minio-data": {}}
    volumes.update({f"{s.name}-objects": {} for s in SERVICES if s.objects})
    return {"name": "simpeg", "services": services, "volumes": volumes}


HEADER = ("# GENERATED by deploy/generate.py from its SERVICES list: edit that file and run\n"
          "#   uv run --frozen --no-sync python deploy/generate.py\n")


def dump_all(objs: list[dict]) -> str:
    return HEADER + "".join("---\n" + yaml.safe_dump(o, sort_keys=False, width=100)
                            for o in objs)


def outputs() -> dict[Path, str]:
    return {
        K8S_BASE / "services.yaml": dump_all(k8s_objects()),
        K8S_BASE / "services.env": services_env(),
        COMPOSE: HEADER + "# Dev/demo stack: copy deploy/compose/dev.env.example to .env first "
                          "(docs/deploy.md).\n"
                 + yaml.safe_dump(compose(), sort_keys=False, width=100),
    }


def main(argv: list[str]) -> int:
    stale = []
    for path, text in outputs().items():
        if "--check" in argv:
            if not path.exists() or path.read_text() != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text)
    if stale:
        print("stale, run `python deploy/generate.py`: " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

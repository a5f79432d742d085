# syntax=docker/dockerfile:1
# One image for every SIMPEG service and process role:
#   docker run IMAGE service profile api      (or relay | worker | migrate)
# Built from the lock only (uv sync --frozen); the final stage has no compiler, no uv, no pip,
# runs as uid 10001 and writes only to /tmp and /var/lib/simpeg (mount a volume or emptyDir there),
# so it runs with a read-only root filesystem.
#checkov:skip=CKV_DOCKER_2:one image serves api, relay, worker and migrate; only the api has an HTTP port, so health is checked per role by the orchestrator (k8s probes on /healthz and /readyz, compose healthchecks), not by an image-wide HEALTHCHECK

FROM python:3.11-slim-bookworm AS builder
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m pip install "uv==0.13.9"
WORKDIR /src
# The workspace (root manifest, lock, every member) is installed from the lock, not resolved:
# workspace packages are installed as wheels (--no-editable), so the venv needs no source tree.
COPY pyproject.toml uv.lock ./
COPY shared/ shared/
COPY services/ services/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-editable \
 && /app/.venv/bin/simpeg --help > /dev/null

FROM python:3.11-slim-bookworm AS runtime
LABEL org.opencontainers.image.title="simpeg" \
      org.opencontainers.image.description="SIMPEG services: simpeg service NAME api|relay|worker|migrate"
# pip, setuptools and wheel are not needed at run time: remove them from the base image
RUN python -m pip uninstall -y pip setuptools wheel 2>/dev/null || true \
 && groupadd --system --gid 10001 simpeg \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin simpeg \
 && mkdir -p /var/lib/simpeg \
 && chown 10001:10001 /var/lib/simpeg
COPY --from=builder --chown=0:0 /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SIMPEG_VAR_DIR=/var/lib/simpeg \
    SIMPEG_LOG_JSON=true
WORKDIR /tmp
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["simpeg"]
CMD ["service", "gateway", "api"]

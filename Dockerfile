# syntax=docker/dockerfile:1
# One image per service, all from this file: the stage `service`, told which by SERVICE.
#
#   docker build --target service --build-arg SERVICE=fastapi_rest -t apilab/fastapi_rest:local .
#   docker run --rm -p 127.0.0.1:8000:8000 apilab/fastapi_rest:local
#
# Stages: builder (dependencies from uv.lock) -> runtime (non-root, no build tools) ->
# service (its command, its health check, its database file). `make images` builds every
# service; compose.yaml runs them together; docs/deploy.md puts them on Cloud Run.
#
# Inside a container the service binds 0.0.0.0 (APILAB_HOST), or nothing outside the
# container could reach it; the code's own default stays 127.0.0.1. The port is $PORT
# when the platform sets one (Cloud Run does), else APILAB_PORT if set, else the
# service's default port (services/common/ports.py, which EXPOSE cannot read: publish
# the port with -p, as compose.yaml does).

# One pin for every stage: the Python of uv.lock's requires-python, Debian 12, slim.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# ---- builder: the virtual environment, from the lock file only --------------------------
FROM ${PYTHON_IMAGE} AS builder
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /uvx /bin/
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# Only pyproject.toml and uv.lock reach this step, so editing a service's code reuses this
# layer. --no-dev leaves out the dev group; bench is not a default group, so it is out too.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    uv sync --frozen --no-dev --no-install-project

# ---- bench-builder: the same, plus Locust (the bench group) -------------------------------
FROM builder AS bench-builder
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    uv sync --frozen --no-dev --group bench --no-install-project

# ---- base: what every image shares, with no dependencies yet ------------------------------
FROM ${PYTHON_IMAGE} AS base
# The user apilab, uid/gid 10001: fixed, so a volume's files keep one owner across rebuilds,
# and numeric in USER, so a platform can see it is not root without reading /etc/passwd.
# /data holds the SQLite files.
RUN groupadd --system --gid 10001 apilab \
    && useradd --system --no-log-init --uid 10001 --gid apilab \
       --home-dir /nonexistent --shell /usr/sbin/nologin apilab \
    && mkdir /data \
    && chown apilab:apilab /data
WORKDIR /app
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    APILAB_HOST=0.0.0.0 \
    APILAB_GRACE_SECONDS=10
# SIGTERM starts the drain: stop accepting, finish in-flight work for up to
# APILAB_GRACE_SECONDS, exit 0. Give the runtime a little longer before it sends SIGKILL
# (`docker stop -t 15`, compose's stop_grace_period: 15s; Cloud Run allows 10 s).
STOPSIGNAL SIGTERM

# ---- runtime: the services' environment and code ------------------------------------------
FROM base AS runtime
COPY --from=builder /app/.venv /app/.venv
COPY services/ services/
# Compiled now, as root: the service user cannot write __pycache__ at run time.
RUN python -m compileall -q services
USER 10001:10001

# ---- service: one image per service, chosen by the build argument SERVICE -------------
# CMD and HEALTHCHECK go through sh only to read $APILAB_SERVICE and $PORT; `exec` then
# makes Python PID 1, so SIGTERM reaches the server itself.
FROM runtime AS service
ARG SERVICE
# A missing or misspelt SERVICE fails the build here, not the container at start.
RUN test -f "services/${SERVICE}/__main__.py" \
    || { echo "build with --build-arg SERVICE=<a package of services/ with __main__.py>"; exit 1; }
# Only the REST services store predictions; the others never open this file. The gateway,
# bound to 0.0.0.0, refuses to start without APILAB_GATEWAY_KEYS: set them at run time
# (compose.yaml does; on Cloud Run use a secret), never in the image.
ENV APILAB_SERVICE=${SERVICE} \
    APILAB_DB_PATH=/data/${SERVICE}.sqlite3
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["sh", "-c", "exec python -m services.common.healthcheck $APILAB_SERVICE"]
CMD ["sh", "-c", "exec python -m services.$APILAB_SERVICE ${PORT:+--port $PORT}"]

# ---- bench: Locust and the benchmark's users (compose profile "bench") ---------------------
FROM base AS bench
COPY --from=bench-builder /app/.venv /app/.venv
COPY services/ services/
COPY benchmarks/ benchmarks/
USER 10001:10001
# Locust's web UI; workers connect to the master on 5557. The health check is compose's:
# a master answers on 8089, a worker listens on no port at all.
EXPOSE 8089 5557
CMD ["locust", "-f", "benchmarks/locustfile.py"]

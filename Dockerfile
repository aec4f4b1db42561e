# syntax=docker/dockerfile:1
#
# One image for every community-roi service: the Airflow components (api-server, scheduler,
# dag-processor, triggerer, init) and the Streamlit dashboard. docker-compose.yml picks the command.
#
#   docker compose build          (or: docker build -t community-roi:local .)
#
# Dependencies come from the committed uv.lock only (`uv sync --frozen`): what CI tested is what runs.

FROM python:3.11-slim

# uv itself comes from PyPI, pinned; bump deliberately.
ARG UV_VERSION=0.13.9
# The Airflow metadata database is Postgres: Airflow needs a sync driver (psycopg2) and, for the
# api-server, an async one (asyncpg). They are not in uv.lock (the project itself runs on SQLite /
# DuckDB), so they are installed here, pinned, on top of the locked environment.
ARG POSTGRES_DRIVERS="psycopg2-binary==2.9.13 asyncpg==0.32.0"
ARG CROI_UID=50000
ARG CROI_GID=50000

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/croi/app/.venv \
    PATH=/opt/croi/app/.venv/bin:$PATH \
    AIRFLOW_HOME=/opt/airflow \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/croi/app/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    CROI_HOME=/opt/croi/data \
    CROI_LANDING=/opt/croi/landing \
    CROI_WAREHOUSE=/opt/croi/data/warehouse.duckdb \
    AIRFLOW__USAGE_DATA_COLLECTION__ENABLED=False \
    DBT_SEND_ANONYMOUS_USAGE_STATS=False \
    GX_ANALYTICS_ENABLED=False \
    DO_NOT_TRACK=1 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

RUN pip install --no-cache-dir "uv==${UV_VERSION}"

# Non-root runtime user. Its folders are created here, owned by it, so that the named volumes
# mounted on them (croi-data, airflow-logs, airflow-auth) start with the right owner.
RUN groupadd --gid "${CROI_GID}" croi \
    && useradd --uid "${CROI_UID}" --gid croi --create-home --home-dir /home/croi --shell /bin/bash croi \
    && mkdir -p /opt/croi/app /opt/croi/data /opt/croi/landing /opt/airflow/logs /opt/airflow/auth \
    && chown -R croi:croi /opt/croi/data /opt/croi/landing /opt/airflow \
    && chmod 700 /opt/airflow/auth

WORKDIR /opt/croi/app

# 1) third-party dependencies only: this layer is rebuilt when the lock changes, not the code.
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project

# 2) the project: src/community_roi, dags/, dbt_project/, streamlit_app/ (see .dockerignore).
#    Installed editable (uv's default): settings.PROJECT_ROOT is then /opt/croi/app, where
#    dbt_project/ and streamlit_app/ are. Do not add --no-editable.
#    Code stays owned by root (read-only for the runtime user) except dbt_project/, which is
#    also dbt's profiles dir (dbt writes .user.yml there; target/ and logs/ go beside the
#    warehouse, in the data volume).
COPY . .
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev \
    && uv pip install --python /opt/croi/app/.venv/bin/python ${POSTGRES_DRIVERS} \
    && chown -R croi:croi dbt_project

USER croi

# Smoke checks, as the runtime user (so nothing root-owned lands in its folders), with a
# throw-away AIRFLOW_HOME so that no airflow.cfg (with generated keys) is baked into the image.
RUN community-roi --help > /dev/null \
    && AIRFLOW_HOME=/tmp/airflow-smoke airflow version \
    && rm -rf /tmp/airflow-smoke

EXPOSE 8080 8501 8974

# docker-compose.yml sets the command of each service.
CMD ["community-roi", "--help"]

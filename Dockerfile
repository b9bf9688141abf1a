# Peerbill's image: a slim Python, the dependencies installed from requirements.lock (pinned, with hashes), the
# package itself without dependencies, run as a non-root user. Build: `docker build -t peerbill .`
# BASE: any image with python3 (3.11+) and its venv module; a registry mirror or a locally built base can be
# passed with --build-arg BASE=... (docs/deploy.md).
ARG BASE=python:3.11-slim

FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python3 -m venv /opt/peerbill
COPY requirements.lock ./
RUN /opt/peerbill/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY api ./api
COPY billing ./billing
COPY schemas ./schemas
COPY state_rules ./state_rules
RUN /opt/peerbill/bin/pip install --no-deps . && /opt/peerbill/bin/peerbill --help > /dev/null

FROM ${BASE}
RUN useradd --system --uid 10001 --user-group --home-dir /srv/peerbill --create-home peerbill
COPY --from=build /opt/peerbill /opt/peerbill
ENV PATH=/opt/peerbill/bin:$PATH PYTHONUNBUFFERED=1 PEERBILL_LOG_FORMAT=json
USER peerbill
WORKDIR /srv/peerbill
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s \
    CMD python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
# One API process per container by default (scale with replicas); webhooks and background jobs run in `peerbill worker`.
CMD ["peerbill", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-webhooks", "--no-jobs"]

# syntax=docker/dockerfile:1
# songbot: build the locked environment in one stage, run it as a non-root user in another.

# One pinned base image for both stages: the tag says what it is, the digest fixes its bytes
# (a tag that moves would change the build under you). To move on, put the new tag and the
# digest `docker buildx imagetools inspect python:TAG` prints.
ARG PYTHON_IMAGE=python:3.11.11-slim-bookworm@sha256:081075da77b2b55c23c088251026fb69a7b2bf92471e491ff5fd75c192fd38e5
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/songbot
# Dependencies first (exact versions, hash-checked), so code changes reuse this layer.
COPY requirements/main.txt requirements/main.txt
RUN /opt/songbot/bin/pip install --require-hashes --only-binary=:all: -r requirements/main.txt
COPY pyproject.toml README.md ./
COPY bot bot
COPY cogs cogs
RUN /opt/songbot/bin/pip install --no-deps --no-build-isolation .

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /data songbot \
    && mkdir -p /data && chown songbot:songbot /data
COPY --from=build /opt/songbot /opt/songbot
ENV PATH=/opt/songbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/songbot.db \
    METRICS_PORT=9108 \
    METRICS_HOST=0.0.0.0
USER songbot
WORKDIR /data
VOLUME ["/data"]
# Healthy: the gateway is connected and the database takes a write (GET /healthz on
# METRICS_PORT, whatever it is set to; with METRICS_PORT empty there is nothing to ask).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.app.healthcheck"]
ENTRYPOINT ["songbot"]
CMD ["run"]

# The strikewire worker image used by docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY streams ./streams
COPY agents ./agents
COPY demo ./demo
RUN pip install . && useradd --create-home strikewire
USER strikewire
EXPOSE 6066
ENTRYPOINT ["strikewire"]
CMD ["worker"]

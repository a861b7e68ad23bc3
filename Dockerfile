# Tværs as a container: one image, two processes (see docs/deploy.md).
#   web:   docker run … tvaers                      (python -m bot serve --no-scheduler)
#   clock: docker run … tvaers python -m jobs
# Configure with environment variables (.env.example); PostgreSQL via DATABASE_URL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY jobs ./jobs
RUN pip install . && useradd --create-home --uid 10001 tvaers
USER tvaers

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"
CMD ["python", "-m", "bot", "serve", "--no-scheduler"]

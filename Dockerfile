# The monitor's image: `monitor serve` by default; docker-compose.yml also runs `monitor db upgrade`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY . /src
RUN pip install "/src[scale]" && rm -rf /src

# Never run a crawler as root; /data holds reports (a volume) and is the working directory.
RUN useradd --create-home --uid 10001 monitor \
    && mkdir -p /data/reports \
    && chown -R monitor:monitor /data
USER monitor
WORKDIR /data

EXPOSE 9410
CMD ["monitor", "serve"]

"""Prometheus metrics for `/metrics`.

Counts come from the database at scrape time (a custom collector), so they survive restarts and
agree with `monitor status` and the SQL views; only job durations are observed in process, as
the scheduler finishes each job. Each scrape costs a handful of COUNT queries: cheap next to a
15–60 s scrape interval even with millions of articles. With MONITOR_REDIS_URL set, the Redis
frontier's sizes are read at scrape time too (a few O(1) calls per registered worker).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, func, select

from monitor.db.engine import session_scope
from monitor.db.models import Article, Classification, Feed, JobRun, Report
from monitor.service.jobs import JOB_IDS, JobResult
from monitor.settings import Settings

log = logging.getLogger("monitor.serve")

# Crawls take seconds to tens of minutes; classification and reports in between.
DURATION_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, float("inf"))


class DatabaseCollector(Collector):
    """Reads the monitor's state from the database on every scrape."""

    def __init__(self, engine: Engine, is_active: Callable[[], bool]) -> None:
        self.engine = engine
        self.is_active = is_active

    def collect(self) -> Iterator[Metric]:
        active = GaugeMetricFamily(
            "monitor_scheduler_active", "1 when this process holds the lock and schedules jobs"
        )
        active.add_metric([], 1.0 if self.is_active() else 0.0)
        yield active
        up = GaugeMetricFamily("monitor_database_up", "1 when the database answered this scrape")
        try:
            families = list(self._from_database())
        except Exception as exc:  # a scrape must still answer, saying the database is down
            log.warning("metrics: database unreachable: %s", exc)
            up.add_metric([], 0.0)
            yield up
            return
        up.add_metric([], 1.0)
        yield up
        yield from families

    def _from_database(self) -> Iterator[Metric]:
        with session_scope(self.engine) as s:
            runs = dict(
                s.execute(
                    select(JobRun.job, func.count())
                    .where(JobRun.finished_at.is_not(None))
                    .group_by(JobRun.job)
                ).all()
            )
            failed = dict(
                s.execute(
                    select(JobRun.job, func.count())
                    .where(JobRun.ok.is_(False))
                    .group_by(JobRun.job)
                ).all()
            )
            feeds = s.scalar(select(func.count()).select_from(Feed).where(Feed.active)) or 0
            failing = (
                s.scalar(
                    select(func.count())
                    .select_from(Feed)
                    .where(Feed.active, Feed.consecutive_failures > 0)
                )
                or 0
            )
            articles = s.scalar(select(func.count()).select_from(Article)) or 0
            classified = s.scalar(select(func.count()).select_from(Classification)) or 0
            last_report = s.scalar(select(func.max(Report.generated_at)))
            last_ok = dict(
                s.execute(
                    select(JobRun.job, func.max(JobRun.finished_at))
                    .where(JobRun.ok.is_(True))
                    .group_by(JobRun.job)
                ).all()
            )

        crawls = CounterMetricFamily("monitor_crawls", "Crawl runs finished (subprocesses)")
        crawls.add_metric([], runs.get("crawl", 0))
        yield crawls
        crawls_failed = CounterMetricFamily("monitor_crawls_failed", "Crawl runs that failed")
        crawls_failed.add_metric([], failed.get("crawl", 0))
        yield crawls_failed
        job_runs = CounterMetricFamily("monitor_job_runs", "Job runs finished", labels=["job"])
        job_failures = CounterMetricFamily(
            "monitor_job_failures", "Job runs that failed", labels=["job"]
        )
        last_success = GaugeMetricFamily(
            "monitor_job_last_success_timestamp_seconds",
            "End of the last successful run of each job (Unix time)",
            labels=["job"],
        )
        for job in JOB_IDS:
            job_runs.add_metric([job], runs.get(job, 0))
            job_failures.add_metric([job], failed.get(job, 0))
            if last_ok.get(job) is not None:
                last_success.add_metric([job], _unix(last_ok[job]))
        yield from (job_runs, job_failures, last_success)
        yield _gauge("monitor_feeds", "Active feeds in the registry", feeds)
        yield _gauge(
            "monitor_feeds_failing",
            "Active feeds whose last fetch failed (consecutive_failures > 0)",
            failing,
        )
        yield _gauge("monitor_articles_stored", "Articles stored", articles)
        yield _gauge("monitor_articles_classified", "Articles with a classification", classified)
        if last_report is not None:
            yield _gauge(
                "monitor_last_report_timestamp_seconds",
                "When the newest archived report was generated (Unix time)",
                _unix(last_report),
            )


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    metric = GaugeMetricFamily(name, doc)
    metric.add_metric([], float(value))
    return metric


def _unix(value: object) -> float:
    return float(value.timestamp()) if hasattr(value, "timestamp") else 0.0


class FrontierCollector(Collector):
    """Reads the Redis frontier's sizes on every scrape (scale-out, MONITOR_REDIS_URL set)."""

    def __init__(self, redis_url: str, prefix: str) -> None:
        import redis

        from spiders.frontier import FrontierKeys

        # Short timeouts: a scrape (10 s timeout by default) must answer even when Redis hangs.
        self.server = redis.Redis.from_url(redis_url, socket_timeout=3, socket_connect_timeout=2)
        self.keys = FrontierKeys(prefix)

    def collect(self) -> Iterator[Metric]:
        from monitor.service.dispatch import frontier_state

        up = GaugeMetricFamily("monitor_frontier_up", "1 when the Redis frontier answered")
        try:
            state = frontier_state(self.server, self.keys)
        except Exception as exc:  # a scrape must still answer, saying the frontier is down
            log.warning("metrics: Redis frontier unreachable: %s", exc)
            up.add_metric([], 0.0)
            yield up
            return
        up.add_metric([], 1.0)
        yield up
        workers = state["workers"].values()
        yield _gauge(
            "monitor_frontier_requests_queued", "Requests waiting in the queue", state["queued"]
        )
        yield _gauge(
            "monitor_frontier_tasks_queued", "Feed tasks waiting on the start key", state["tasks"]
        )
        yield _gauge(
            "monitor_frontier_workers_live",
            "Registered workers whose liveness key is present",
            sum(1 for w in workers if w["alive"]),
        )
        yield _gauge(
            "monitor_frontier_requests_leased",
            "Requests popped by a worker and not yet stored (all registered workers)",
            sum(w["leased"] for w in workers),
        )
        # Stats live in Redis, so they survive service restarts: counters, not gauges.
        requeued = CounterMetricFamily(
            "monitor_frontier_requeued",
            "Requests and feed tasks taken back from dead or hung workers, put on the frontier again",
        )
        requeued.add_metric([], float(state["stats"].get("requeued", 0)))
        yield requeued
        expired = CounterMetricFamily(
            "monitor_frontier_lease_expired",
            "Of those, requests taken back from live workers that held them too long (hung?)",
        )
        expired.add_metric([], float(state["stats"].get("lease_expired", 0)))
        yield expired


class ServiceMetrics:
    """The service's registry: database-backed metrics plus in-process job durations."""

    def __init__(
        self, engine: Engine, is_active: Callable[[], bool], settings: Settings | None = None
    ) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(DatabaseCollector(engine, is_active))
        if settings is not None and settings.redis_url:
            self.registry.register(FrontierCollector(settings.redis_url, settings.redis_prefix))
        self.job_duration = Histogram(
            "monitor_job_duration_seconds",
            "Duration of scheduled job runs",
            labelnames=["job", "outcome"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )

    def observe(self, result: JobResult) -> None:
        outcome = "ok" if result.ok else "failed"
        self.job_duration.labels(job=result.job, outcome=outcome).observe(result.duration)

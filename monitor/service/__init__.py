"""The scheduled service behind `monitor serve`.

- `jobs`: the stage runs the scheduler calls (crawl as a subprocess, classify and report in
  process), each recorded as a `JobRun` row and logged as one summary line;
- `scheduler`: APScheduler with its job store in the project's database;
- `lock`: exactly one active scheduler per database (advisory lock / file lock);
- `metrics` and `http`: `/healthz` and Prometheus `/metrics`;
- `runner`: ties them together, with standby, signals and clean shutdown.
"""

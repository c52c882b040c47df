#!/usr/bin/env bash
# The one check command, used by developers and by .ci/run: fresh venv, test extras, ruff,
# mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3.11 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
.venv/bin/ruff check monitor spiders reports tests bench
.venv/bin/mypy   # strict on monitor, spiders and reports (see pyproject.toml)
exec .venv/bin/pytest "$@"

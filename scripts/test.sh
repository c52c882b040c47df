#!/usr/bin/env bash
# The one check command, used by developers and by .ci/run: fresh venv, test extras, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3.11 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[test]'
.venv/bin/ruff check monitor spiders reports tests bench
exec .venv/bin/pytest "$@"

#!/usr/bin/env bash
# Every test: the architecture contract, lint, types, the Python suite (which also runs the
# contracts' Hardhat suite and starts its own Hardhat node). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Every test: the architecture contract, lint, types, the Python suite (which also runs the
# contracts' Hardhat suite and starts its own Hardhat node).
#
# With no arguments (`make test`, CI): the whole suite on .venv's Python, then everything but
# tests/packaging (the frozen bundle is built from .venv) on the second, newest Python that
# `scripts/setup.sh --tests` set up (.venv-3.13 here); each prints pytest's summary, both summaries
# are repeated at the end, and the run fails when either does. Under CI=true a missing second
# Python fails the run.
# With arguments: one pytest run with them, on .venv (QENEX_TEST_VENV=.venv-3.13 picks the other).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

if [ $# -gt 0 ]; then
  exec "${QENEX_TEST_VENV:-.venv}/bin/python" -m pytest "$@"
fi

log() { printf '[test] %s\n' "$*"; }
logs=$(mktemp -d)
trap 'rm -rf -- "$logs"' EXIT
color=()
[ -t 1 ] && color=(--color=yes)

summaries=()
status=0
# One pytest run: $1 the venv, $2 a label, the rest pytest's arguments. Its output is shown as it
# comes and kept, so that its closing summary line can be repeated at the end.
run_suite() {
  local venv=$1 label=$2 rc=0 summary
  shift 2
  log "pytest on $("$venv/bin/python" -V) ($venv$label)"
  "$venv/bin/python" -m pytest "${color[@]}" "$@" 2>&1 | tee "$logs/$venv.log" || rc=$?
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$logs/$venv.log" | grep -E ' in [0-9.]+s( \([0-9:]+\))?( =+)?$' | tail -n 1 | sed -E 's/^=+ //; s/ =+$//' || true)
  summaries+=("$("$venv/bin/python" -V) ($venv$label): ${summary:-no summary line: pytest stopped early} [exit $rc]")
  [ "$rc" = 0 ] || status=$rc
}

run_suite .venv ""
second=$(cat .venv/.stamps/second-venv 2>/dev/null || true)
if [ -n "$second" ] && [ -x "$second/bin/python" ]; then
  run_suite "$second" ", without tests/packaging" --ignore=tests/packaging
elif [ "${CI:-}" = "true" ]; then
  summaries+=("no second Python: run scripts/setup.sh --tests (it needs Python 3.12 or newer)")
  status=1
else
  summaries+=("no second Python set up (scripts/setup.sh --tests): ran on one Python only")
fi

for line in "${summaries[@]}"; do log "$line"; done
exit "$status"

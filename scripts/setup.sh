#!/usr/bin/env bash
# Sets up everything the app and the tests need, from the project's own files:
# a Python virtual environment with the package and its test extras, the contracts' npm packages,
# and (only when Qt cannot load, and only as root with apt) the system libraries Qt needs.
# With --tests (what `make test` runs) also what only the tests need: a second virtual environment
# on the newest Python this machine offers (.venv-3.13 here), because the suite must pass on the
# Pythons people run, not only on the oldest one pyproject.toml allows; and the display servers
# the frozen-window tests start (Xvfb, weston), installed as root with apt when missing.
# Under CI=true a missing second Python or display server fails the set-up instead of warning.
# Each step is skipped when its inputs have not changed since the last run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP_DIR=$VENV/.stamps
# Written by --tests: the second virtual environment's folder (scripts/test.sh reads it).
SECOND_VENV_RECORD=$STAMP_DIR/second-venv
# The system libraries Qt's offscreen and X11 (xcb) platform plugins load.
QT_APT_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 \
  libxcb-xinerama0 libxcb-image0"

log() { printf '[setup] %s\n' "$*"; }
in_ci() { [ "${CI:-}" = "true" ]; }

FOR_TESTS=0
for arg in "$@"; do
  case "$arg" in
    --tests) FOR_TESTS=1 ;;
    *) log "unknown argument '$arg' (the only one is --tests)"; exit 2 ;;
  esac
done

can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; }

# apt-get install, refreshing the package lists first only when they cannot serve it: a package
# they have no candidate for (no lists yet, or too old), or an install that fails (a stale list
# names files the mirror no longer has).
apt_install() {
  local pkg policy known=1
  for pkg in "$@"; do
    policy=$(apt-cache policy "$pkg" 2>/dev/null || true)
    [[ $policy == *"Candidate: "[!\(]* ]] || known=0
  done
  if [ "$known" = 1 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; then
    return 0
  fi
  log "refreshing the package lists (apt-get update)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# A virtual environment in $1 made by the Python $2, with the package and its test extras.
# A folder whose Python no longer runs (that interpreter was removed or upgraded) is made anew.
setup_venv() {
  local venv=$1 python=$2 inputs
  if [ -e "$venv" ] && ! "$venv/bin/python" -c '' 2>/dev/null; then
    log "$venv's Python no longer runs: making $venv anew"
    rm -rf -- "$venv"
  fi
  if [ ! -x "$venv/bin/python" ]; then
    log "creating the virtual environment in $venv ($("$python" -V 2>&1))"
    "$python" -m venv "$venv"
  fi
  mkdir -p "$venv/.stamps"
  inputs=$(sha256sum < pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$venv/.stamps/python" 2>/dev/null)" != "$inputs" ]; then
    log "installing Python packages in $venv (pip install -e '.[test]')"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -e '.[test]'
    echo "$inputs" > "$venv/.stamps/python"
  fi
  # The package's bytecode, as installing a wheel writes it: an editable install leaves it to the
  # first import, and where PYTHONDONTWRITEBYTECODE is set every start compiled ~100 modules again
  # (~60 ms of each CLI command). Only changed files are compiled again.
  "$venv/bin/python" -m compileall -q qenex_desktop >/dev/null
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    log "$PYTHON is missing or older than 3.11; install Python 3.11+ or run: PYTHON=python3.11 make setup"
    exit 1
  fi
fi
setup_venv "$VENV" "$PYTHON"
mkdir -p "$STAMP_DIR"

# Qt needs a few system libraries (EGL, xkbcommon, fontconfig, D-Bus; xcb ones to open an X11 window).
# Install them only if Qt cannot load: offscreen (the tests) fails, or, with a display (or --tests:
# the frozen-window tests open an X11 window on Xvfb), the xcb plugin misses a library ("could not
# load the Qt platform plugin xcb").
qt_offscreen_fails() {
  ! QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -c "from PySide6.QtWidgets import QApplication; QApplication([])" >/dev/null 2>&1
}
qt_xcb_misses_libs() {
  [ -n "${DISPLAY:-}" ] || [ "$FOR_TESTS" = 1 ] || return 1
  local plugin
  plugin=$("$VENV/bin/python" -c "import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / 'Qt/plugins/platforms/libqxcb.so')")
  [ -f "$plugin" ] && command -v ldd >/dev/null || return 1
  # ldd's whole answer first: `ldd | grep -q` under pipefail failed whenever grep's early exit cut
  # ldd off (SIGPIPE), so a fresh machine missing libxcb-icccm4 was taken as complete
  local linked
  linked=$(ldd "$plugin" 2>/dev/null || true)
  [[ $linked == *"not found"* ]]
}
if qt_offscreen_fails || qt_xcb_misses_libs; then
  if can_apt; then
    log "installing the system libraries Qt needs (apt-get)"
    # shellcheck disable=SC2086
    apt_install $QT_APT_PACKAGES
  else
    log "Qt cannot load: sudo apt-get install $(echo $QT_APT_PACKAGES) (see README, Troubleshooting)"
  fi
fi

if [ -f contracts/package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    log "npm not found: install Node.js 20 (see README); the contracts and the local node need it"
    exit 1
  fi
  js_inputs=$(cat contracts/package.json contracts/package-lock.json | sha256sum | cut -d' ' -f1)
  if [ ! -d contracts/node_modules ] || [ "$(cat "$STAMP_DIR/npm" 2>/dev/null)" != "$js_inputs" ]; then
    log "installing the contracts' npm packages (npm ci)"
    (cd contracts && npm ci --no-audit --no-fund --loglevel=error)
    echo "$js_inputs" > "$STAMP_DIR/npm"
  fi
fi

if [ "$FOR_TESTS" = 0 ]; then
  log "ready"
  exit 0
fi

# "MAJOR.MINOR PATH" of each final-release CPython with the GIL (what PySide6 ships wheels for)
# found on PATH or among pyenv's versions; names that do not run (a pyenv shim for a version
# that is not selected) are left out.
python_candidates() {
  local name cand
  {
    for name in python3 python3.{12..30}; do command -v "$name" 2>/dev/null || true; done
    if command -v pyenv >/dev/null; then
      for cand in "$(pyenv root)"/versions/*/bin/python3; do [ -x "$cand" ] && echo "$cand"; done
    fi
  } | while read -r cand; do
    "$cand" -c 'import sys, sysconfig
ok = (sys.implementation.name == "cpython" and sys.version_info.releaselevel == "final"
      and not sysconfig.get_config_var("Py_GIL_DISABLED"))
ok and print("%d.%d" % sys.version_info[:2], sys.executable)' 2>/dev/null || true
  done
}

# The second Python: the newest >= 3.12 whose version differs from .venv's.
main_version=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
second=$(python_candidates | awk -v main="$main_version" '$1 != main { split($1, v, "."); if (v[1] > 3 || v[2] >= 12) print }' \
  | sort -V | tail -n 1)
if [ -n "$second" ]; then
  second_version=${second%% *}
  second_python=${second#* }
  setup_venv ".venv-$second_version" "$second_python"
  echo ".venv-$second_version" > "$SECOND_VENV_RECORD"
else
  rm -f "$SECOND_VENV_RECORD"
  if in_ci; then
    log "no second Python (3.12 or newer, other than .venv's $main_version) found: CI runs the suite on two"
    exit 1
  fi
  log "no Python 3.12 or newer besides .venv's $main_version: the tests run on $main_version only"
fi

# The frozen-window tests start Xvfb (through xvfb-run, with xauth) and weston.
missing=""
command -v xvfb-run >/dev/null || missing="$missing xvfb"
command -v xauth >/dev/null || missing="$missing xauth"
command -v weston >/dev/null || missing="$missing weston"
if [ -n "$missing" ]; then
  if can_apt; then
    log "installing the display servers the frozen-window tests use:$missing (apt-get)"
    # shellcheck disable=SC2086
    apt_install $missing
  elif in_ci; then
    log "the frozen-window tests need:$missing; install them (sudo apt-get install$missing)"
    exit 1
  else
    log "the frozen-window tests will skip; to run them: sudo apt-get install$missing"
  fi
fi
log "ready"

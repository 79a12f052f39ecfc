# The two commands of the README. Each sets up what it needs first (scripts/setup.sh).
.PHONY: run test setup bench screenshots lint package

run: setup
	.venv/bin/qenex-desktop

# Also sets up what only the tests need (a second, newest Python; Xvfb and weston): see scripts/setup.sh.
test:
	scripts/setup.sh --tests
	scripts/test.sh

setup:
	scripts/setup.sh

lint: setup
	.venv/bin/ruff check qenex_desktop tests bench
	.venv/bin/mypy
	.venv/bin/lint-imports

bench: setup
	.venv/bin/python -m bench

screenshots: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/qenex-desktop --data-dir build/screenshot-data --screenshots screenshots

# The one-folder bundle in dist/qenex-desktop and this system's installers (.deb and .tar.gz on Linux);
# see README "Packaging and installers". Installs the 'package' extra (PyInstaller) when missing.
package: setup
	.venv/bin/python packaging/build_release.py

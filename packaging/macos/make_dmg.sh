#!/usr/bin/env bash
# make_dmg.sh APP DMG [VERSION]: sign "QENEX Desktop.app" and pack it into a compressed disk image with
# a link to /Applications (drag to install).
#
# Run by packaging/build_release.py on macOS after PyInstaller's BUNDLE step (CI: package.yml).
# Signing: ad hoc by default ("-"), which Apple Silicon needs to run the app at all; a Developer ID
# identity in QENEX_CODESIGN_IDENTITY signs for distribution (notarization is not done here).
# The spec adds Contents/MacOS/qenex (the CLI, a symlink) after PyInstaller signed the bundle, so the
# bundle is signed again here, as a whole. Not run on the team's Linux machines: kept correct by reading.
set -euo pipefail

app=${1:?usage: make_dmg.sh APP DMG [VERSION]}
dmg=${2:?usage: make_dmg.sh APP DMG [VERSION]}
version=${3:-}
identity=${QENEX_CODESIGN_IDENTITY:--}

if [ ! -d "$app/Contents/MacOS" ]; then
  echo "make_dmg: $app is not an .app bundle; build it first (python packaging/build_release.py)" >&2
  exit 1
fi

echo "[dmg] signing $app (identity: $identity)"
codesign --force --deep --timestamp=none --sign "$identity" "$app"
codesign --verify --deep --strict "$app"

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/$(basename "$app")"   # ditto keeps symlinks, permissions and signatures
ln -s /Applications "$staging/Applications"

volume="QENEX Desktop${version:+ $version}"
rm -f "$dmg"
# hdiutil on CI runners sometimes reports "Resource busy" while Spotlight looks at the new image.
for attempt in 1 2 3; do
  if hdiutil create -volname "$volume" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"; then
    break
  fi
  [ "$attempt" = 3 ] && exit 1
  sleep 5
done
hdiutil verify "$dmg"
echo "[dmg] wrote $dmg"

"""Render the app's SVG icon into the files installers want: PNG (Linux), ICO (Windows), ICNS (macOS).

    python packaging/app_icons.py SVG OUT_DIR

Runs as its own process (Qt offscreen) so the build script never loads Qt. ICO and ICNS both allow
PNG-compressed images inside, so no image library beyond Qt is needed:
ICO: ICONDIR + ICONDIRENTRY with PNG data (Windows Vista and later);
ICNS: ``icns`` header + ``ic08`` (256 px PNG) and ``ic09`` (512 px PNG) elements (Apple's format).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

NAME = "qenex-desktop"


def render_png(svg: Path, size: int, target: Path) -> bytes:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")
    return target.read_bytes()


def ico(png256: bytes) -> bytes:
    # ICONDIR: reserved 0, type 1 (icon), 1 image; ICONDIRENTRY: width/height 0 mean 256.
    header = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(png256), 6 + 16)
    return header + entry + png256


def icns(images: dict[bytes, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", len(data) + 8) + data for kind, data in images.items())
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(argv: list[str]) -> int:
    svg, out = Path(argv[0]), Path(argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])
    out.mkdir(parents=True, exist_ok=True)
    png256 = render_png(svg, 256, out / f"{NAME}.png")
    png512 = render_png(svg, 512, out / f"{NAME}-512.png")
    (out / f"{NAME}.svg").write_bytes(svg.read_bytes())
    (out / f"{NAME}.ico").write_bytes(ico(png256))
    (out / f"{NAME}.icns").write_bytes(icns({b"ic08": png256, b"ic09": png512}))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

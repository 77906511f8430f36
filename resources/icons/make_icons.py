"""Draw the application icon and write it in every format packaging needs.

    python resources/icons/make_icons.py

Writes, beside this script: mnist-draw-<size>.png for each size (drawn afresh at
each size rather than shrunk, so small ones stay sharp), mnist-draw.svg (the same
drawing as a vector), mnist-draw.ico (Windows) and mnist-draw.icns (macOS).

The icon: a hand-drawn white "7" on an indigo tile, with three amber bars
beside it, the app's probability bars in miniature.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]

# The drawing, on a 100x100 grid.
TILE_RADIUS = 22
TOP_COLOUR, BOTTOM_COLOUR = "#4c6ef5", "#2b3a9e"
INK = "#ffffff"
BAR_COLOUR = "#ffc53d"
SEVEN = "M 21 27 C 34 25 49 24 62 26 C 55 41 47 57 41 76"  # a cubic path, as a hand draws it
SEVEN_WIDTH = 11
BARS = ((70, 60, 76), (78.5, 44, 76), (87, 66, 76))  # x, top, bottom of each bar
BAR_WIDTH = 6


def svg() -> str:
    bars = "\n".join(
        f'  <line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{BAR_COLOUR}" stroke-width="{BAR_WIDTH}" stroke-linecap="round"/>'
        for x, top, bottom in BARS
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="1024" height="1024">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="{TOP_COLOUR}"/>
      <stop offset="1" stop-color="{BOTTOM_COLOUR}"/>
    </linearGradient>
  </defs>
  <rect x="2" y="2" width="96" height="96" rx="{TILE_RADIUS}" fill="url(#tile)"/>
  <path d="{SEVEN}" fill="none" stroke="{INK}" stroke-width="{SEVEN_WIDTH}" stroke-linecap="round" stroke-linejoin="round"/>
{bars}
</svg>
"""


def render(size: int):
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import (
        QColor,
        QImage,
        QLinearGradient,
        QPainter,
        QPainterPath,
        QPen,
    )

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100, size / 100)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, 100))
    gradient.setColorAt(0, QColor(TOP_COLOUR))
    gradient.setColorAt(1, QColor(BOTTOM_COLOUR))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(gradient)
    painter.drawRoundedRect(QRectF(2, 2, 96, 96), TILE_RADIUS, TILE_RADIUS)
    numbers = [float(token) for token in SEVEN.replace("M", "").replace("C", "").split()]
    path = QPainterPath(QPointF(numbers[0], numbers[1]))
    for i in range(2, len(numbers), 6):
        path.cubicTo(*(QPointF(numbers[j], numbers[j + 1]) for j in range(i, i + 6, 2)))
    round_pen = dict(s=Qt.PenStyle.SolidLine, c=Qt.PenCapStyle.RoundCap, j=Qt.PenJoinStyle.RoundJoin)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(INK), SEVEN_WIDTH, round_pen["s"], round_pen["c"], round_pen["j"]))
    painter.drawPath(path)
    painter.setPen(QPen(QColor(BAR_COLOUR), BAR_WIDTH, round_pen["s"], round_pen["c"], round_pen["j"]))
    for x, top, bottom in BARS:
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs one
    for size in SIZES:
        render(size).save(str(HERE / f"mnist-draw-{size}.png"))
    (HERE / "mnist-draw.svg").write_text(svg(), encoding="utf-8")
    largest = Image.open(HERE / "mnist-draw-1024.png")
    Image.open(HERE / "mnist-draw-256.png").save(HERE / "mnist-draw.ico", sizes=ICO_SIZES)
    largest.save(HERE / "mnist-draw.icns")
    print(f"Wrote the icon to {HERE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Take the window's screenshots: empty, a digit, not sure, a photo, the dark palette,
and the three View menu views: why this digit, look inside, compare.

    python docs/make_screenshots.py [OUTPUT_FOLDER]     (default /tmp/shots)

Runs the real window on Qt's offscreen platform with the bundled model and
grabs it; the not-sure drawing is one the bundled model hesitates over, so it
may read confidently once a better model replaces it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SEVEN = [[(80, 60), (200, 60), (190, 90), (150, 170), (120, 230)]]
FOUR_OR_NINE = [[(100, 70), (95, 130), (175, 125)], [(160, 60), (168, 235)], [(100, 70), (118, 67.6)]]
THREE = [
    [
        (85, 75),
        (120, 52),
        (170, 55),
        (185, 95),
        (140, 135),
        (120, 138),
        (150, 140),
        (190, 175),
        (175, 220),
        (130, 238),
        (85, 220),
    ]
]


# A small 4 high in a corner, as people draw on a big canvas: the tutorial networks,
# fed the whole canvas, miss what the app reads after cropping and centring.
SMALL_FOUR = [[(62, 40), (50, 100), (108, 98)], [(96, 34), (100, 132)]]


def photo_of_a_two(path: Path) -> None:
    """A phone-photo-like picture: blue ink on unevenly lit, slightly noisy paper."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    size = 480
    rows, cols = np.mgrid[0:size, 0:size]
    light = 215 + 30 * (cols / size) - 25 * (rows / size)
    noise = np.random.default_rng(2).normal(0, 4, (size, size))
    paper = np.clip(light + noise, 0, 255).astype(np.uint8)
    picture = Image.merge(
        "RGB", [Image.fromarray(paper), Image.fromarray(paper), Image.fromarray((paper * 0.97).astype(np.uint8))]
    )
    draw = ImageDraw.Draw(picture)
    two = [(150, 170), (190, 120), (260, 110), (310, 150), (300, 210), (230, 290), (160, 360), (330, 355)]
    draw.line(two, fill=(30, 50, 140), width=22, joint="curve")
    picture = picture.rotate(4, resample=Image.Resampling.BICUBIC, expand=False).crop((30, 30, size - 30, size - 30))
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    picture.save(path, quality=88)


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e8e8ea",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#2b2d31",
        QPalette.ColorRole.Text: "#f2f2f4",
        QPalette.ColorRole.Button: "#35373c",
        QPalette.ColorRole.ButtonText: "#e8e8ea",
        QPalette.ColorRole.Highlight: "#4c8dff",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Mid: "#4a4c52",
        QPalette.ColorRole.PlaceholderText: "#9a9ca3",
        QPalette.ColorRole.ToolTipBase: "#35373c",
        QPalette.ColorRole.ToolTipText: "#e8e8ea",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6c6e74"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6c6e74"))
    return palette


def main() -> int:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
    output.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="mnist-draw-shots-"))
    os.environ["MNIST_DRAW_HOME"] = str(scratch)
    os.environ["XDG_CONFIG_HOME"] = str(scratch)

    from PySide6.QtWidgets import QApplication

    from mnist_draw.ui.app import application, create_window

    app = application()
    app.setStyle("Fusion")  # the same look on every machine the screenshots are made on
    window = create_window(None)
    window.resize(960, 700)
    window.show()
    while window.recognizer.model() is None:
        app.processEvents()
        time.sleep(0.01)

    def shot(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(output / f"{name}.png"))
        print(output / f"{name}.png")

    def draw(strokes) -> None:
        window.canvas.clear()
        for stroke in strokes:
            window.canvas.add_stroke(stroke)

    shot("empty")
    draw(SEVEN)
    shot("digit")
    draw(FOUR_OR_NINE)
    shot("not-sure")
    photo = scratch / "photo-of-a-two.jpg"
    photo_of_a_two(photo)
    window.files.open_file(photo)
    while window.canvas.drawing().image is None:
        app.processEvents()
        time.sleep(0.01)
    shot("image")
    (scratch / "notes.png").write_text("not a picture")
    window.files.open_file(scratch / "notes.png")
    while not window.banner.text():
        app.processEvents()
        time.sleep(0.01)
    shot("bad-file")
    window.banner.dismiss()

    views = window.show_why

    def settle() -> None:
        started = time.monotonic()
        while time.monotonic() - started < 0.3 or (views.is_busy() and time.monotonic() - started < 10):
            app.processEvents()
            time.sleep(0.01)

    def grab_view(view, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        view.grab().save(str(output / f"{name}.png"))
        print(output / f"{name}.png")

    draw(FOUR_OR_NINE)
    views.heat_action.setChecked(True)
    settle()
    shot("why")
    views.heat_action.setChecked(False)
    draw(SEVEN)
    views.inside_action.setChecked(True)
    views.inside_window.resize(620, 1400)  # tall enough for every layer of the bundled model at once
    settle()
    grab_view(views.inside_window, "inside")
    views.inside_action.setChecked(False)
    draw(SMALL_FOUR)
    views.compare_action.setChecked(True)
    settle()
    grab_view(views.compare_window, "compare")
    views.compare_action.setChecked(False)

    QApplication.setPalette(dark_palette())
    draw(THREE)
    shot("dark")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How the canvas and the reading panel share the window: checked by widget
geometry at the minimum size, 800x600, 1280x800, 1920x1080 and full screen, at
device pixel ratios 1 and 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from mnist_draw.ui.main_window import MINIMUM_SIZE
from mnist_draw.ui.window_layout import MIN_CANVAS, PANEL_MIN_WIDTH, SPACING

SIZES = [(640, 480), (800, 600), (1280, 800), (1600, 980), (1920, 1080)]


def settle(qtbot, window, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().toTuple() == (width, height), timeout=2_000)
    qtbot.wait(20)


def inside(widget: QWidget, container: QWidget) -> bool:
    rect = QRect(widget.mapTo(container, widget.rect().topLeft()), widget.size())
    return container.rect().contains(rect)


def largest_canvas(window) -> int:
    """The side of the largest square that fits beside the panel at its narrowest."""
    area = window.centralWidget().contentsRect().adjusted(6, 6, -6, -6)  # the layout's margins
    return min(area.height(), area.width() - SPACING - PANEL_MIN_WIDTH)


def brush_slider_is_on_the_tool_bar(window) -> bool:
    from PySide6.QtWidgets import QSlider, QToolBar

    bar = window.findChild(QToolBar, "drawing_tools")
    slider = bar.findChild(QSlider)
    return slider.isVisible() and inside(slider, bar)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_canvas_takes_the_space_and_the_panel_scales_beside_it(qtbot, window, width, height):
    settle(qtbot, window, width, height)
    canvas, panel, area = window.canvas.geometry(), window.panel.geometry(), window.centralWidget().contentsRect()
    assert canvas.width() == canvas.height() == largest_canvas(window), "the canvas: the largest square paper"
    assert canvas.height() >= MIN_CANVAS
    assert panel.left() - canvas.right() - 1 == SPACING, "the panel sits right beside the canvas"
    unused = area.width() - canvas.width() - panel.width() - SPACING - 12
    assert unused < 0.08 * width, f"{unused} px of the width is left empty"
    assert panel.width() >= 0.25 * canvas.width()
    assert brush_slider_is_on_the_tool_bar(window)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_everything_in_the_panel_is_in_view_with_no_wide_gaps(qtbot, window, width, height):
    settle(qtbot, window, width, height)
    panel = window.panel
    for part in [panel.readout, panel.bars, *panel.bars.bars, panel.preview_caption, panel.preview]:
        assert part.isVisible() and inside(part, panel), part.accessibleName() or part
    bars_bottom = panel.bars.geometry().bottom()
    gap = panel.preview_caption.geometry().top() - bars_bottom
    assert gap < 0.08 * panel.height(), f"{gap} px between the bars and the preview"
    assert panel.preview.geometry().height() >= 2 * 28


def test_the_panel_grows_with_the_window(qtbot, window):
    scales = []
    for width, height in SIZES:
        settle(qtbot, window, width, height)
        scales.append(window.panel.scale())
    assert scales == sorted(scales) and scales[-1] > 1.4 * scales[1]


def test_the_minimum_size_keeps_a_canvas_to_draw_on_and_every_tool_in_view(qtbot, window):
    window.resize(300, 200)  # asks for less than the minimum
    qtbot.wait(20)
    assert window.width() >= MINIMUM_SIZE.width() and window.height() >= MINIMUM_SIZE.height()
    assert window.canvas.width() >= MIN_CANVAS
    assert brush_slider_is_on_the_tool_bar(window)
    bar_font = window.panel.bars.bars[0].font().pointSizeF()
    assert bar_font >= 0.9 * window.font().pointSizeF(), "the bars' words stay readable"


def test_full_screen_fills_the_screen_with_canvas_and_panel(qtbot, window):
    window.showFullScreen()
    screen = window.screen().geometry()
    qtbot.waitUntil(lambda: window.size() == screen.size(), timeout=2_000)
    qtbot.wait(20)
    canvas, panel = window.canvas.geometry(), window.panel.geometry()
    assert canvas.width() == canvas.height() == largest_canvas(window)
    assert panel.width() >= 0.25 * canvas.width()
    window.showNormal()


def test_at_device_pixel_ratio_two_the_layout_is_the_same_in_logical_pixels(tmp_path):
    # A fresh interpreter: the scale factor is read when the application starts.
    script = textwrap.dedent(
        """
        import json
        from mnist_draw.ui.app import application, create_window
        app = application()
        window = create_window(None)
        window.show()
        result = {"ratio": window.devicePixelRatioF()}
        for width, height in [(640, 480), (800, 600), (1280, 800)]:
            window.resize(width, height)
            for _ in range(20):
                app.processEvents()
            result[f"{width}x{height}"] = [
                window.canvas.geometry().getRect(), window.panel.geometry().getRect(), window.panel.scale()
            ]
        print(json.dumps(result))
        window.close()
        """
    )
    outcomes = {}
    for factor in ("1", "2"):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": factor,
               "MNIST_DRAW_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        outcomes[factor] = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcomes["2"]["ratio"] == 2.0
    for size in ("640x480", "800x600", "1280x800"):
        assert outcomes["2"][size] == outcomes["1"][size]

"""The main window: live reading, its states, the title, the status bar, keys and menus."""

from __future__ import annotations

import json
import logging
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import textwrap
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel
from ui_helpers import ONE, SEVEN, digit_png, fixed_model, pen_device, pen_stroke, small_number_page, steps

from mnist_draw.ui.zoom import percent_shown


def draw(qtbot, window, points) -> None:
    canvas = window.canvas
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps(points)]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, modifier)


def test_a_vertical_line_drawn_with_the_mouse_reads_as_one_in_the_title(qtbot, window):
    draw(qtbot, window, ONE)
    assert window.windowTitle().startswith("1 (")
    assert window.windowTitle().endswith("%) - mnist-draw")
    assert window.panel.readout.big.text() == "1"
    assert window.panel.bars.highlighted_digit() == 1


def test_seven_is_read_as_seven(window):
    window.canvas.add_stroke(SEVEN)
    assert window.recognizer.last_reading().digit == 7


def test_an_empty_canvas_invites_drawing_and_shows_why_nothing_is_read(window):
    assert window.windowTitle() == "mnist-draw"
    readout = window.panel.readout
    assert readout.headline.text() == "Draw a digit"
    assert readout.detail.text() == "Nothing drawn yet."
    assert all(bar.probability() is None for bar in window.panel.bars.bars)
    assert window.panel.preview.image() is None


def test_a_lone_dot_is_not_read_as_a_digit(window):
    window.canvas.add_stroke([(140, 140)])
    assert window.windowTitle() == "mnist-draw"
    assert "dot" in window.panel.readout.detail.text()


def test_an_i_is_not_a_digit_and_says_its_dot_makes_it_one_and_how_to_take_a_slip_back(window):
    window.canvas.add_stroke(ONE)
    window.canvas.add_stroke([(140.0, 20.0), (141.0, 21.0)])
    readout = window.panel.readout
    assert readout.headline.text() == "Not a digit"
    assert readout.detail.text() == "The dot above makes it look like an i or a j. A slip? Undo takes it back."
    assert "i or a j" in readout.accessibleDescription()
    window.canvas_control.undo.trigger()
    assert window.recognizer.last_reading().digit == 1  # the dot taken back, the 1 is read


def test_a_t_is_not_a_digit_and_says_its_bar_on_a_stem_makes_it_one(window):
    window.canvas.add_stroke([(80.0, 50.0), (200.0, 52.0)])
    window.canvas.add_stroke([(140.0, 51.0), (141.0, 230.0)])
    assert window.panel.readout.headline.text() == "Not a digit"
    assert window.panel.readout.detail.text() == "The bar on top of a stem makes it look like a T. Draw one digit."


def test_a_q_is_not_a_digit_and_says_its_tail_across_the_ring_makes_it_one(window):
    angles = [math.radians(-90 - 9 * step) for step in range(41)]
    window.canvas.add_stroke([(140 + 60 * math.cos(a), 130 + 90 * math.sin(a)) for a in angles])
    assert window.recognizer.last_reading().digit == 0  # the ring alone: a 0
    window.canvas.add_stroke([(164.0, 170.0), (184.0, 196.0), (208.0, 228.0)])
    assert window.panel.readout.headline.text() == "Not a digit"
    assert window.panel.readout.detail.text() == "The tail across the ring makes it look like a Q. Draw one digit."


def test_a_b_is_not_a_digit_and_says_its_bowl_on_a_stem_makes_it_one(window):
    window.canvas.add_stroke([(100.0, 30.0), (100.0, 230.0)])
    angles = [math.radians(-90 + 180 * step / 14) for step in range(15)]
    top = [(100 + 70 * math.cos(a), 80 + 50 * math.sin(a)) for a in angles]
    window.canvas.add_stroke(top + [(100 + 70 * math.cos(a), 180 + 50 * math.sin(a)) for a in angles[1:]])
    assert window.panel.readout.headline.text() == "Not a digit"
    assert window.panel.readout.detail.text() == (
        "The bowl on the right of a straight stem makes it look like a b, a B, a P or an R. Draw one digit."
    )


def test_a_drawing_only_the_model_turns_away_says_it_looks_like_a_letter_a_mark_or_a_scribble(window):
    window.recognizer.set_model(fixed_model([0.01] * 4 + [0.91] + [0.01] * 5, not_digit=0.97))
    window.canvas.add_stroke(ONE)
    assert window.panel.readout.detail.text() == "It looks like a letter, a mark or a scribble. Draw one digit."


def test_clearing_returns_to_the_empty_state(window):
    window.canvas.add_stroke(ONE)
    window.canvas.clear()
    assert window.windowTitle() == "mnist-draw"
    assert window.panel.readout.headline.text() == "Draw a digit"


def test_a_low_top_probability_shows_not_sure_with_the_two_candidates(window):
    window.recognizer.set_model(fixed_model([0, 0, 0, 0, 0.45, 0, 0, 0, 0.15, 0.40]))
    window.canvas.add_stroke(ONE)
    assert window.panel.readout.headline.text() == "Not sure: 4 or 9?"
    assert window.windowTitle() == "4 or 9? - mnist-draw"
    assert window.panel.bars.highlighted_digit() == 4
    assert "Not sure" in window.panel.readout.accessibleDescription()


def test_a_confident_reading_is_not_flagged_as_unsure(window):
    window.recognizer.set_model(fixed_model([0.01] * 7 + [0.91] + [0.01] * 2))
    window.canvas.add_stroke(ONE)
    assert window.windowTitle() == "7 (91%) - mnist-draw"
    assert window.panel.readout.headline.text() == "91% sure"


def test_a_drawing_the_model_turns_away_reads_not_a_digit_with_the_bars_dimmed(window):
    window.recognizer.set_model(fixed_model([0.01] * 4 + [0.91] + [0.01] * 5, not_digit=0.97))
    window.canvas.add_stroke(ONE)
    assert window.panel.readout.headline.text() == "Not a digit"
    assert window.windowTitle() == "Not a digit - mnist-draw"
    assert window.panel.bars.is_dimmed() and window.panel.bars.highlighted_digit() is None


def test_the_reading_follows_the_pen_before_it_lifts(qtbot, window):
    readings = []
    window.recognizer.reading_changed.connect(readings.append)
    canvas = window.canvas
    path = [canvas.map_from_paper(x, y).toPoint() for x, y in steps(ONE, per_segment=40)]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for position in path[1:]:
        qtbot.mouseMove(canvas, position)
        qtbot.wait(2)
    live = len(readings)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=path[-1])
    assert live >= 3, "the drawing should be read while the pen is still down"
    assert len(readings) == live + 1, "and once more when it lifts"
    assert readings[-1].digit == 1


def test_the_bars_and_readout_have_accessible_names_and_values(window):
    window.canvas.add_stroke(ONE)
    bars = window.panel.bars.bars
    assert [bar.accessibleName() for bar in bars] == [f"Digit {d}" for d in range(10)]
    assert bars[1].accessibleDescription().endswith("percent, the likeliest")
    assert window.panel.readout.accessibleDescription().startswith("The model reads 1")
    assert window.panel.preview.accessibleName() == "What the model sees"


def test_the_bars_show_percentages_that_sum_to_about_one_hundred(window):
    window.canvas.add_stroke(ONE)
    total = sum(bar.probability() for bar in window.panel.bars.bars)
    assert total == pytest.approx(1.0, abs=1e-3)


def test_what_the_model_sees_is_the_28_by_28_input(window):
    window.canvas.add_stroke(ONE)
    image = window.panel.preview.image()
    assert (image.width(), image.height()) == (28, 28)
    assert image.pixelColor(14, 14).value() > 200  # the centre of a "1" is ink: white on black
    assert image.pixelColor(1, 1).value() == 0


def test_the_status_bar_names_the_model_and_the_reading_time(window):
    assert window.model_label.text().startswith("Model: bundled model")
    window.canvas.add_stroke(ONE)
    assert window.timing_label.text().startswith("Read in ") and window.timing_label.text().endswith(" ms")


def test_undo_redo_and_clear_work_from_the_keyboard(qtbot, window):
    window.canvas.add_stroke(ONE)
    window.canvas.add_stroke(SEVEN)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.canvas.strokes()) == 1
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(window.canvas.strokes()) == 2
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(window.canvas.strokes()) == 2
    press(qtbot, window, Qt.Key.Key_Delete)
    assert window.canvas.strokes() == [] and window.windowTitle() == "mnist-draw"
    window.canvas.add_stroke(ONE)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.canvas.strokes() == []


def test_bracket_keys_change_the_brush_size_and_the_slider_follows(qtbot, window):
    size = window.canvas.brush_size()
    press(qtbot, window, Qt.Key.Key_BracketRight)
    assert window.canvas.brush_size() == size + 2
    press(qtbot, window, Qt.Key.Key_BracketLeft)
    press(qtbot, window, Qt.Key.Key_BracketLeft)
    assert window.canvas.brush_size() == size - 2


def test_e_toggles_the_eraser(qtbot, window):
    press(qtbot, window, Qt.Key.Key_E)
    assert window.canvas.eraser_mode()
    press(qtbot, window, Qt.Key.Key_E)
    assert not window.canvas.eraser_mode()


def test_undo_is_disabled_until_there_is_something_to_undo(window):
    assert not window.canvas_control.undo.isEnabled()
    window.canvas.add_stroke(ONE)
    assert window.canvas_control.undo.isEnabled() and not window.canvas_control.redo.isEnabled()


def test_the_menus_hold_every_action_and_each_has_a_mnemonic(window):
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == ["&File", "&Edit", "&View", "&Model", "&Help"]
    texts = {action.text() for menu in menus.values() for action in menu.actions() if not action.isSeparator()}
    for expected in ("&Open image…", "&Save drawing as PNG…", "&Undo", "&Copy drawing", "&Paste image",
                     "Model &information…", "&Load model file…", "Reset to the &bundled model",
                     "&Keyboard shortcuts", "&About mnist-draw", "&Why this digit?", "&Look inside the network",
                     "&Compare with the tutorial networks"):  # fmt: skip
        assert expected in texts
    assert all("&" in text for text in texts)


def test_every_menu_item_has_its_own_mnemonic_within_its_menu(window):
    from PySide6.QtWidgets import QMenu

    menus = [action.menu() for action in window.menuBar().actions()]
    titles = [action.text() for action in window.menuBar().actions()]
    assert len({title[title.index("&") + 1].lower() for title in titles}) == len(titles)
    for menu in menus + window.findChildren(QMenu, options=Qt.FindChildOption.FindChildrenRecursively):
        texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.isEnabled() and "&" in a.text()]
        letters = [text[text.index("&") + 1].lower() for text in texts]
        assert len(letters) == len(set(letters)), f"{menu.title()}: {texts}"


def test_every_shortcut_is_unique(window):
    keys = [seq.toString() for action in window.keyboard_actions() for seq in action.shortcuts()]
    assert len(keys) == len(set(keys))


def test_a_warning_from_the_model_store_is_shown_in_the_window(qtbot, isolated_user_files):
    from mnist_draw.ui.app import application, create_window

    broken = isolated_user_files / "model"
    broken.mkdir(parents=True)
    (broken / "model.tflite").write_bytes(b"not a model")
    application()
    main = create_window(None)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.recognizer.model() is not None, timeout=20_000)
    assert main.recognizer.model().source == "bundled"
    assert "bundled one is in use" in main.banner.text()
    main.close()


def test_settings_remember_geometry_brush_and_recent_files(qtbot, digit_file):
    from mnist_draw.ui.app import application, create_window

    application()
    first = create_window(None)
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 700)  # within the offscreen screen, 800x800
    first.canvas.set_brush_size(30)
    first.settings.add_recent_file(str(digit_file))
    first.close()
    second = create_window(None)
    qtbot.addWidget(second)
    assert second.canvas.brush_size() == 30
    assert (second.width(), second.height()) == (720, 700)
    assert second.settings.recent_files() == [str(digit_file.resolve())]
    second.close()


def test_the_window_never_imports_tensorflow(tmp_path):
    # A fresh interpreter: in this one, other tests may have imported TensorFlow.
    script = textwrap.dedent(
        """
        import json, sys
        from mnist_draw.ui.app import application, create_window
        app = application()
        window = create_window(None)
        window.show()
        while window.recognizer.model() is None:
            app.processEvents()
        window.canvas.add_stroke([(140, 50), (140, 230)])
        print(json.dumps({"title": window.windowTitle(), "tensorflow": "tensorflow" in sys.modules}))
        window.close()
        """
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MNIST_DRAW_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["title"].startswith("1 (")
    assert outcome["tensorflow"] is False


def test_before_the_model_loads_the_window_says_so_and_drawing_works(qtbot):
    from mnist_draw.ui.app import application
    from mnist_draw.ui.main_window import MainWindow

    application()
    main = MainWindow()  # no model loading scheduled
    qtbot.addWidget(main)
    main.show()
    main.canvas.add_stroke(ONE)
    assert main.panel.readout.headline.text() == "Loading the model…"
    assert main.windowTitle() == "mnist-draw"
    assert main.model_label.text() == "Loading the model…"
    main.close()


def test_every_tool_on_the_tool_bar_is_also_in_a_menu_with_a_mnemonic(window):
    from PySide6.QtWidgets import QToolBar

    in_menus = {a for menu_action in window.menuBar().actions() for a in menu_action.menu().actions()}
    # The brush slider's action has no text; its keys are the Bigger and Smaller brush items.
    tools = [a for a in window.findChild(QToolBar, "drawing_tools").actions() if not a.isSeparator() and a.text()]
    assert len(tools) == 5
    assert all(action in in_menus and "&" in action.text() for action in tools)
    assert window.canvas_control.bigger in in_menus and window.canvas_control.smaller in in_menus


def test_tab_moves_through_the_bars_and_the_brush_slider_and_focus_stays_visible(qtbot, window):
    from PySide6.QtWidgets import QApplication, QSlider

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.panel.bars.bars[0].setFocus(Qt.FocusReason.TabFocusReason)
    visited = []
    for _ in range(12):
        focused = QApplication.focusWidget()
        visited.append(focused)
        assert focused is not None and focused.isVisible()
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited[:10] == window.panel.bars.bars
    assert any(isinstance(widget, QSlider) for widget in visited)


def tab_chain(qtbot, steps: int, key=Qt.Key.Key_Tab) -> list:
    """The widgets the keyboard visits, ``steps`` presses of ``key`` from the one it is on."""
    visited = []
    for _ in range(steps):
        focused = QApplication.focusWidget()
        visited.append(focused)
        qtbot.keyClick(focused, key)
    return visited


def test_tab_follows_the_layout_the_canvas_its_brush_slider_then_the_bars_and_back(qtbot, window):
    """The slider came after the ten bars: the order the widgets were made in, not where they are."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    slider, bars = window.canvas_control.brush_slider, window.panel.bars.bars
    assert QApplication.focusWidget() is window.canvas
    assert tab_chain(qtbot, 13) == [window.canvas, slider, *bars, window.canvas]
    window.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    assert tab_chain(qtbot, 13, Qt.Key.Key_Backtab) == [window.canvas, *reversed(bars), slider, window.canvas]


def test_a_messages_buttons_come_right_after_the_canvas_they_float_over(qtbot, window, tmp_path):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    (tmp_path / "notes.png").write_text("not a picture")
    window.files.open_file(tmp_path / "notes.png")
    qtbot.waitUntil(lambda: bool(window.banner.text()), timeout=10_000)
    window.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    visited = tab_chain(qtbot, 3)
    assert visited == [window.canvas, window.banner.close_button, window.canvas_control.brush_slider]


def test_the_keyboard_starts_on_the_canvas_so_space_teaches_nothing(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.canvas.add_stroke(SEVEN)
    assert QApplication.focusWidget() is window.canvas
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.teach.store.all() == []
    assert not any(bar.has_visible_focus() for bar in window.panel.bars.bars)


# --- any sequence of user actions ---------------------------------------------------------
#
# A Hypothesis state machine drives the real window as a user would: strokes of every kind
# (taps, tiny, huge, off the paper, erasing, a tablet pen's at any pressure, double clicks),
# undo, redo, clear, pictures opened, dropped and pasted (good, damaged, empty, absurdly
# large), shortcuts used mid-stroke or while a picture is still being opened, number mode and
# the views switched, the window resized, samples kept and readings corrected, a model file that
# cannot be used loaded and the bundled one put back. After each step, once the background work
# has settled, what the window shows must agree with what is on the canvas.

SETTLE_MS = 20_000
# Titles of one digit's reading, and of a number's: nothing else may show in either mode.
DIGIT_TITLE = re.compile(r"(\d \([<>]?\d{1,3}%\)|\d or \d\?|Not a digit) - mnist-draw|mnist-draw")
NUMBER_TITLE = re.compile(r"[\d?]+ - mnist-draw|mnist-draw")
# What no message to the user may hold: a traceback, an exception's name, a library's own words.
RAW_TEXT = re.compile(
    r"Traceback|File \"|line \d+|\b\w+(Error|Exception)\b|Errno|object at 0x|<class|PIL\.|numpy|ndarray|tflite_runtime|"
    r"LiteRT|cannot identify image|truncated|IHDR|decompression bomb|\bNone\b",
    re.IGNORECASE,
)
PAPER = st.floats(-120.0, 400.0, allow_nan=False)  # past the paper's edges (0-280) on every side


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with no pixels behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _pictures(folder: Path) -> list[Path]:
    """The pictures a user might open: a digit photo, a row of digits, a digit on a transparent
    background, a damaged file, an empty one, one claiming to be 100,000 pixels a side, and
    a page with a number written small (read closely in number mode, and shown zoomed in)."""
    import io

    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    photo = Image.open(io.BytesIO(digit_png("7", 300))).convert("RGB").filter(ImageFilter.GaussianBlur(1.5))
    photo.save(folder / "seven.jpg", quality=70)
    row = Image.new("RGB", (420, 160), (200, 196, 188))
    draw = ImageDraw.Draw(row)
    draw.line([(60, 30), (60, 130)], fill=(30, 30, 80), width=12)  # 1
    draw.line([(150, 35), (230, 35), (180, 130)], fill=(30, 30, 80), width=12, joint="curve")  # 7
    draw.line([(330, 30), (290, 95), (360, 95)], fill=(30, 30, 80), width=12)  # 4, its stem below
    draw.line([(345, 60), (345, 130)], fill=(30, 30, 80), width=12)
    row.save(folder / "row.jpg", quality=80)
    clear = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(clear).line([(100, 30), (100, 170)], fill=(0, 0, 0, 255), width=16)
    clear.save(folder / "clear.png")
    (folder / "damaged.png").write_bytes(digit_png("1")[:300])
    (folder / "empty.png").write_bytes(b"")
    (folder / "huge.png").write_bytes(_png_claiming(100_000, 100_000))
    (folder / "page.jpg").write_bytes(small_number_page(size=(1600, 1200), tall=30)[0])
    return sorted(folder.iterdir())


def _settled(window) -> bool:
    return (
        window.workers.is_idle()
        and window.models.workers.is_idle()
        and window.teach.workers.is_idle()
        and not window.recognizer.is_reading()
        and not window.show_why.is_busy()
    )


class WindowActions(RuleBasedStateMachine):
    """A user at the main window; the test (below) hands it qtbot and the pictures."""

    qtbot = None
    exceptions: list = []  # those reaching Qt's event loop (pytest-qt's capture)
    pictures: list[Path] = []
    home: Path | None = None
    models: Path | None = None

    def __init__(self) -> None:
        super().__init__()
        from mnist_draw.ui.app import application, create_window

        application()
        # Each run starts as a first run: number mode off, no recent files, no samples kept.
        QSettings().clear()
        os.environ["MNIST_DRAW_HOME"] = tempfile.mkdtemp(dir=self.home)  # the test's own, put back after it
        self.window = create_window(None)
        self.qtbot.addWidget(self.window)
        self.window.show()
        self.qtbot.waitUntil(lambda: self.window.recognizer.model() is not None, timeout=SETTLE_MS)
        self.errors: list[logging.LogRecord] = []
        self._log = _Collect(self.errors)
        logging.getLogger().addHandler(self._log)
        self.exceptions.clear()

    def teardown(self) -> None:
        logging.getLogger().removeHandler(self._log)
        self.window.close()
        assert self.window.workers.running() + self.window.models.workers.running() == 0

    # --- what the user does -----------------------------------------------------------------

    @rule(points=st.lists(st.tuples(PAPER, PAPER), min_size=1, max_size=6), erase=st.booleans())
    def draw(self, points, erase):
        """A stroke with the mouse: one point is a tap; the right button erases."""
        self._gesture(points, Qt.MouseButton.RightButton if erase else Qt.MouseButton.LeftButton)

    @rule(x=st.floats(0.0, 280.0), y=st.floats(0.0, 280.0), size=st.sampled_from([0.5, 3.0, 280.0]))
    def draw_square(self, x, y, size):
        """A tiny, small or canvas-wide square."""
        self._gesture([(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)], Qt.MouseButton.LeftButton)

    @rule(name=st.sampled_from(["undo", "redo", "clear", "eraser", "bigger", "smaller"]))
    def edit(self, name):
        getattr(self.window.canvas_control, name).trigger()

    @rule(index=st.integers(0, 6))
    def open_picture(self, index):
        self.window.files.open_file(self.pictures[index])

    @rule(what=st.sampled_from(["picture", "text", "nothing"]))
    def paste(self, what):
        clipboard = QGuiApplication.clipboard()
        if what == "picture":
            clipboard.setImage(QImage.fromData(digit_png("1")))
        elif what == "text":
            clipboard.setText("not a picture")
        else:
            clipboard.clear()
        self.window.files.paste.trigger()

    @rule(
        points=st.lists(st.tuples(PAPER, PAPER), min_size=2, max_size=5),
        pressure=st.sampled_from([0.0, 0.05, 0.6, 1.0]),
        eraser_end=st.booleans(),
    )
    def pen_stroke_at_any_pressure(self, points, pressure, eraser_end):
        """A tablet pen's stroke, with its tip or its eraser end, at any pressure."""
        from PySide6.QtGui import QPointingDevice

        kind = QPointingDevice.PointerType.Eraser if eraser_end else QPointingDevice.PointerType.Pen
        pen_stroke(self.window.canvas, points, pressure, pen_device(kind), per_segment=4)

    @rule(
        action=st.sampled_from(["undo", "redo", "clear", "number mode", "eraser", "resize", "open", "presentation"]),
        erase=st.booleans(),
    )
    def act_mid_stroke(self, action, erase):
        """Use a shortcut, or have a picture arrive, while the mouse button is still down."""
        button = Qt.MouseButton.RightButton if erase else Qt.MouseButton.LeftButton
        canvas = self.window.canvas
        start, middle, end = (canvas.map_from_paper(x, y).toPoint() for x, y in [(90, 60), (140, 140), (190, 230)])
        self.qtbot.mousePress(canvas, button, pos=start)
        self._move(middle, button)
        if action == "number mode":
            self.window.number.mode.trigger()
        elif action == "eraser":
            self.window.canvas_control.eraser.trigger()
        elif action == "resize":
            self.window.resize(700, 500)
        elif action == "presentation":
            self.window.view.presentation.trigger()
        elif action == "open":
            self.window.files.open_file(self.pictures[-1])  # seven.jpg
            self.qtbot.waitUntil(lambda: self.window.workers.is_idle(), timeout=SETTLE_MS)
        else:
            getattr(self.window.canvas_control, action).trigger()
        self._check_title_shape()
        self._move(end, button)
        self.qtbot.mouseRelease(canvas, button, pos=end)

    @rule(x=st.floats(0.0, 280.0), y=st.floats(0.0, 280.0))
    def double_click(self, x, y):
        self.qtbot.mouseDClick(self.window.canvas, Qt.MouseButton.LeftButton, pos=self.window.canvas.map_from_paper(x, y).toPoint())

    @rule(index=st.integers(0, 6))
    def drop_picture(self, index):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(self.pictures[index]))])
        drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(self.window, drop)

    @rule(digit=st.one_of(st.none(), st.integers(0, 9)))
    def correct_reading(self, digit):
        """Model > Correct this reading, then a digit chosen, or the pop-up closed."""
        from mnist_draw.ui.correction_popup import CorrectionPopup

        self.window.teach.correct_action.trigger()
        for popup in self.window.findChildren(CorrectionPopup):
            if popup.isVisible():
                popup.close() if digit is None else popup.choose(digit)

    @rule(times=st.integers(1, 3))
    def toggle_number_mode(self, times):
        """Once, or on and off again before the reading of the first switch is in."""
        for _ in range(times):
            self.window.number.mode.trigger()
            self._check_title_shape()

    @rule(points=st.lists(st.tuples(st.floats(0.0, 280.0), st.floats(0.0, 280.0)), min_size=2, max_size=4))
    def draw_then_toggle_number_mode(self, points):
        """Switch mode while the stroke (a picture's, read off the UI thread) is being read."""
        self._gesture(points, Qt.MouseButton.LeftButton)
        self.window.number.mode.trigger()
        self._check_title_shape()

    @rule(
        index=st.integers(0, 6),
        then=st.sampled_from(["number mode", "draw", "erase", "undo", "clear", "reset model"]),
    )
    def open_picture_and_act_at_once(self, index, then):
        """Act while the picture is still being opened, and the reading of what is shown is on its way."""
        self.window.files.open_file(self.pictures[index])
        if then == "number mode":
            self.window.number.mode.trigger()
        elif then in ("draw", "erase"):
            button = Qt.MouseButton.LeftButton if then == "draw" else Qt.MouseButton.RightButton
            self._gesture([(100.0, 60.0), (180.0, 220.0)], button)
        elif then == "reset model":
            self.window.models.reset_action.trigger()
        else:
            getattr(self.window.canvas_control, then).trigger()
        self._check_title_shape()

    @rule(key=st.sampled_from([Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Tab]))
    def step_through_digits(self, key):
        self.window.canvas.setFocus()
        self.qtbot.keyClick(self.window.canvas, key)

    @rule(name=st.sampled_from(["heat_action", "inside_action", "compare_action"]))
    def toggle_view(self, name):
        getattr(self.window.show_why, name).trigger()

    @rule(name=st.sampled_from(["presentation", "full_screen"]))
    def toggle_window_view(self, name):
        getattr(self.window.view, name).trigger()

    @rule(name=st.sampled_from(["zoom_in", "zoom_out", "whole", "to_number"]), times=st.integers(1, 12))
    def zoom(self, name, times):
        """View > Zoom in, Zoom out, Whole picture, Zoom to the number (greyed out or not: trigger does nothing then)."""
        for _ in range(times):
            getattr(self.window.zoom, name).trigger()

    @rule(x=PAPER, y=PAPER, notches=st.sampled_from([-3, -1, 1, 2, 8]), ctrl=st.booleans(), sideways=st.booleans())
    def wheel(self, x, y, notches, ctrl, sideways):
        """The wheel over the canvas, with Ctrl (zooms) or without (pans, zoomed in), or two fingers sideways."""
        canvas = self.window.canvas
        at = canvas.map_from_paper(x, y)
        angle = QPoint(120 * notches, 0) if sideways else QPoint(0, 120 * notches)
        modifiers = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
        event = QWheelEvent(
            at, canvas.mapToGlobal(at), QPoint(), angle, Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False
        )
        QApplication.sendEvent(canvas, event)

    @rule(points=st.lists(st.tuples(PAPER, PAPER), min_size=2, max_size=4))
    def pan_with_the_middle_button(self, points):
        self._gesture(points, Qt.MouseButton.MiddleButton)

    @rule(width=st.integers(300, 1800), height=st.integers(200, 1400))
    def resize(self, width, height):
        self.window.resize(width, height)

    @rule(digit=st.integers(0, 9))
    def keep_sample(self, digit):
        self.window.teach.digit_actions[digit].trigger()

    @rule(name=st.sampled_from(["copy", "copy_number"]))
    def copy(self, name):
        action = self.window.files.copy if name == "copy" else self.window.number.copy_number
        action.trigger()

    @rule(name=st.sampled_from(["empty folder", "model.keras", "bundled"]))
    def change_model(self, name):
        """Load a model that cannot be used, or reset to the bundled one."""
        if name == "bundled":
            self.window.models.reset_action.trigger()
        else:
            # Ones refused before a check's child process starts: a check takes a second (test_model_control has those).
            self.window.models.load_file(str(self.models / name))

    def _gesture(self, points, button):
        canvas = self.window.canvas
        path = [canvas.map_from_paper(x, y).toPoint() for x, y in (steps(points, 4) if len(points) > 1 else points)]
        self.qtbot.mousePress(canvas, button, pos=path[0])
        for position in path[1:]:
            self._move(position, button)
        self.qtbot.mouseRelease(canvas, button, pos=path[-1])

    def _move(self, position, button):
        """A move with ``button`` held: a drag, as a mouse gives it."""
        canvas = self.window.canvas
        move = QMouseEvent(
            QEvent.Type.MouseMove, QPointF(position), canvas.mapToGlobal(QPointF(position)),
            Qt.MouseButton.NoButton, button, Qt.KeyboardModifier.NoModifier,
        )  # fmt: skip
        QApplication.sendEvent(canvas, move)

    # --- what must hold after every step -------------------------------------------------------

    def _check_title_shape(self) -> None:
        """At any moment, settled or not, the title is one the mode shown can give."""
        title = self.window.windowTitle()
        if self.window.number.mode.isChecked():
            assert NUMBER_TITLE.fullmatch(title), f"number mode shows the title {title!r}"
        else:
            assert DIGIT_TITLE.fullmatch(title), f"one-digit mode shows the title {title!r}"

    @invariant()
    def shows_what_is_on_the_canvas(self):
        from mnist_draw.ui.main_window import titled, window_title

        window = self.window
        self._check_title_shape()
        self.qtbot.waitUntil(lambda: _settled(window), timeout=SETTLE_MS)
        assert not self.exceptions, "an exception reached Qt's event loop"
        assert not self.errors, [record.getMessage() for record in self.errors]
        self._check_title_shape()
        title = window.windowTitle()
        bars = window.panel.bars
        probabilities = [bar.probability() for bar in bars.bars]
        if window.recognizer.number_mode():
            number = window.number.number()
            assert number is not None
            shown = number.number or "".join("?" if d.digit is None else str(d.digit) for d in number.kept)
            assert title == titled(shown)
            if window.canvas.drawing().image is None:
                from mnist_draw.number import read_strokes

                assert number.number == read_strokes(window.recognizer.model().classifier, window.canvas.strokes()).number
        else:
            assert window.number.number() is None
            reading = window.recognizer.last_reading()
            assert window.recognizer.last_reading_is_current(), "the reading shown is of an earlier drawing"
            assert title == window_title(reading)
            readout = window.panel.readout
            if reading.probabilities is not None and reading.is_digit and reading.is_sure:
                assert readout.big.text() == str(reading.digit), (readout.big.text(), reading.digit)
            if window.canvas.drawing().image is None:
                assert not window.number.overlay.isVisible()
            if reading.probabilities is None:
                assert all(p is None for p in probabilities)
            elif reading.is_digit:
                assert sum(probabilities) == pytest.approx(1.0, abs=1e-3) and not bars.is_dimmed()
                assert bars.highlighted_digit() == reading.digit
            else:
                assert bars.is_dimmed() and bars.highlighted_digit() is None
        if any(p is not None for p in probabilities):
            assert sum(probabilities) == pytest.approx(1.0, abs=1e-3) or bars.is_dimmed()

    @invariant()
    def the_view_is_of_the_picture_within_the_zoom_limits(self):
        window = self.window
        canvas = window.canvas
        assert 1.0 <= canvas.zoom() <= canvas.most_zoom() + 1e-9
        if canvas.drawing().image is None:
            assert canvas.zoom() == 1.0 and window.zoom.indicator_text() == ""
            assert canvas.paper_rect() == canvas.viewport_rect()  # a drawing is always seen whole
        else:
            expected = "Whole picture" if canvas.zoom() == 1.0 else f"Zoom {percent_shown(canvas.zoom())}%"
            assert window.zoom.indicator_text() == expected
            seen = canvas.visible_picture_region()
            picture = canvas.drawing().image.picture
            assert not seen.isEmpty() and seen.left() >= -1e-6 and seen.top() >= -1e-6
            assert seen.right() <= picture.width() + 1e-6 and seen.bottom() <= picture.height() + 1e-6

    @invariant()
    def a_note_about_a_picture_goes_with_it(self):
        if self.window.canvas.drawing().image is None:
            note = self.window.statusBar().currentMessage()
            assert not note.startswith("Opened "), f"the status bar still says {note!r} with no picture shown"

    @invariant()
    def every_message_is_plain_words(self):
        window = self.window
        readout = window.panel.readout
        for text in (
            window.banner.text(),
            window.statusBar().currentMessage(),
            readout.headline.text(),
            readout.detail.text(),
            window.model_label.text(),
            *self._views_texts(),
        ):
            assert not RAW_TEXT.search(text), f"a message shows raw text: {text!r}"


    def _views_texts(self) -> list[str]:
        """What the Look inside and Compare windows say, while shown."""
        views = (self.window.show_why.inside_window, self.window.show_why.compare_window)
        return [label.text() for view in views if view is not None and view.isVisible() for label in view.findChildren(QLabel)]


class _Collect(logging.Handler):
    """Every error logged (a bug in the background, a slot that raised)."""

    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


def test_no_sequence_of_user_actions_breaks_the_window(qtbot, tmp_path):
    WindowActions.qtbot = qtbot
    WindowActions.pictures = _pictures(tmp_path / "pictures")
    WindowActions.home = tmp_path / "homes"
    WindowActions.home.mkdir()
    WindowActions.models = tmp_path / "models"
    (WindowActions.models / "empty folder").mkdir(parents=True)
    (WindowActions.models / "model.keras").write_bytes(b"PK" + bytes(100))
    with qtbot.captureExceptions() as exceptions:
        WindowActions.exceptions = exceptions
        run_state_machine_as_test(
            WindowActions,
            settings=settings(
                max_examples=40,
                stateful_step_count=20,
                deadline=None,
                derandomize=True,  # the same sequences on every run: CI is reproducible
                database=None,
                # No shrinking: each try replays its steps in a new window with background work,
                # so a failure would shrink for up to 5 minutes of CI's budget. The unshrunk
                # steps are printed and, derandomized, come again on the next run.
                phases=(Phase.explicit, Phase.generate),
                report_multiple_bugs=False,
                suppress_health_check=list(HealthCheck),
            ),
        )
    assert not exceptions


def test_a_picture_of_writing_too_small_for_one_digit_is_headed_too_small_to_read_not_draw_a_digit(qtbot, window, tmp_path):
    from paper_helpers import small_number
    from ui_helpers import open_picture

    picture, _ = small_number()
    open_picture(qtbot, window, picture, tmp_path / "page.jpg")
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    assert window.panel.readout.headline.text() == "Too small to read"
    window.canvas_control.clear.trigger()
    qtbot.waitUntil(lambda: window.panel.readout.headline.text() == "Draw a digit", timeout=10_000)


def test_a_picture_with_no_digit_is_headed_no_digit_in_the_picture_and_says_what_to_do(qtbot, window, tmp_path):
    from PIL import Image
    from ui_helpers import open_picture

    open_picture(qtbot, window, Image.new("L", (300, 200), 235), tmp_path / "blank.png")
    qtbot.waitUntil(window.recognizer.last_reading_is_current, timeout=10_000)
    readout = window.panel.readout
    assert readout.headline.text() == "No digit in the picture"
    assert readout.detail.text() == "The image is blank: no digit found. Draw one over it, or open another picture."
    window.canvas_control.clear.trigger()
    qtbot.waitUntil(lambda: readout.headline.text() == "Draw a digit", timeout=10_000)
    assert readout.detail.text() == "Nothing drawn yet."


def test_the_shortcuts_help_names_the_keys_that_select_a_digit_and_pan(window):
    view = dict(dict(window.shortcut_groups())["View"])
    assert view["Number mode: select a digit"] == "Left, Right, Tab"
    assert view["Pan a zoomed-in picture"] == "Arrow keys"


def test_from_the_keyboard_alone_the_canvas_is_reached_again_and_other_widgets_keep_their_arrows(qtbot, window, tmp_path):
    """Zoomed in, the arrow keys pan while the canvas has the keyboard; the brush slider keeps its
    own, and Tab leads back to the canvas (a keyboard that left it could not pan again)."""
    from PySide6.QtWidgets import QApplication, QSlider

    path = tmp_path / "page.jpg"
    path.write_bytes(small_number_page("2407")[0])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.files.open_file(path)
    qtbot.waitUntil(lambda: window.canvas.drawing().image is not None, timeout=10_000)
    window.canvas.zoom_by(4.0)
    slider = window.findChild(QSlider)
    slider.setFocus(Qt.FocusReason.TabFocusReason)
    view, size = window.canvas.visible_picture_region(), slider.value()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert slider.value() == size + 1 and window.canvas.visible_picture_region() == view
    for _ in range(30):
        if QApplication.focusWidget() is window.canvas:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.canvas
    qtbot.keyClick(window.canvas, Qt.Key.Key_Right)
    assert window.canvas.visible_picture_region().left() > view.left()


@pytest.mark.parametrize(("milliseconds", "said"), [(0.04, "Read in <1 ms"), (2.345, "Read in 2.3 ms")])
def test_a_reading_under_a_millisecond_is_said_to_take_under_one_not_0_0_ms(window, milliseconds, said):
    window._show_time(milliseconds)
    assert window.timing_label.text() == said

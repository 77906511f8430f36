"""The View menu's three toggles: off at start, each following the live reading without slowing it."""

from __future__ import annotations

import threading

import pytest

from ui_helpers import ONE, SEVEN, steps


def test_the_view_menu_holds_three_toggles_all_off(window):
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&View")
    texts = [action.text() for action in menu.actions()]
    assert texts[-3:] == [action.text() for action in window.show_why.actions()]
    assert all(action.isCheckable() and not action.isChecked() for action in window.show_why.actions())
    assert window.show_why.inside_window is None and window.show_why.compare_window is None


def test_with_every_view_on_the_reading_still_follows_the_pen_and_the_views_catch_up(qtbot, window):
    from PySide6.QtCore import QPoint, Qt

    for action in window.show_why.actions():
        action.setChecked(True)
    path = [window.canvas.map_from_paper(x, y).toPoint() for x, y in steps(SEVEN)]
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=path[0])
    for point in path[1:]:
        qtbot.mouseMove(window.canvas, pos=QPoint(point))
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=path[-1])
    assert window.recognizer.last_reading().digit == 7  # read at once when the pen lifts
    views = window.show_why
    qtbot.waitUntil(
        lambda: not views.is_busy()
        and views.canvas_overlay.picture() is not None
        and views.canvas_overlay.picture().top == 7
        and len(views.inside_window.rows()) > 0
        and len(views.inside_window.rows()[-1].bars.values()) > 0
        and int(max(range(10), key=lambda d: views.inside_window.rows()[-1].bars.values()[d])) == 7
        and views.compare_window.columns["app"].answer.text() == "7",
        timeout=10_000,
    )


def test_a_new_model_refreshes_the_views(qtbot, window):
    from mnist_draw.model_store import load_model_folder
    from mnist_draw.tutorial_networks import tutorial_dir

    window.show_why.inside_action.setChecked(True)
    window.canvas.add_stroke(ONE)
    view = window.show_why.inside_window
    qtbot.waitUntil(lambda: not window.show_why.is_busy() and len(view.rows()) > 0, timeout=10_000)
    window.recognizer.set_model(load_model_folder(tutorial_dir() / "cnn", "file"))
    qtbot.waitUntil(
        lambda: not window.show_why.is_busy() and view.rows() and view.rows()[0].caption.text().startswith(
            "convolution 1: 32 feature maps 26x26"),
        timeout=10_000,
    )


def test_a_new_reading_reaches_the_bars_before_any_view_starts_its_work(qtbot, window):
    views = window.show_why
    for action in views.actions():
        action.setChecked(True)
    qtbot.waitUntil(lambda: not views.is_busy() and window.workers.running() == 0, timeout=10_000)
    seen = []
    # Connected after the window's own slot: the bars have the reading when this runs.
    window.recognizer.reading_changed.connect(
        lambda reading: seen.append((window.panel.bars.highlighted_digit(), window.workers.running(), views.is_busy()))
    )
    window.canvas.add_stroke(SEVEN)
    assert seen == [(7, 0, True)]  # the views' updates wait their turn, after the paint
    qtbot.waitUntil(lambda: not views.is_busy() and views.compare_window.columns["app"].answer.text() == "7", timeout=10_000)


def test_a_minimised_view_is_not_updated_until_it_comes_back(qtbot, window):
    views = window.show_why
    views.inside_action.setChecked(True)
    view = views.inside_window
    updated = []
    views.view_updated.connect(lambda name, _wall, _cpu: updated.append(name))
    window.canvas.add_stroke(ONE)
    qtbot.waitUntil(lambda: not views.is_busy() and len(view.rows()) > 0, timeout=10_000)
    answer = view.rows()[-1].bars.values()
    view.showMinimized()
    qtbot.waitUntil(view.isMinimized)
    updated.clear()
    window.canvas.clear()
    window.canvas.add_stroke(SEVEN)
    qtbot.wait(300)  # several of the view's update intervals
    assert not views.is_busy() and updated == [] and view.rows()[-1].bars.values() == answer
    view.showNormal()
    qtbot.waitUntil(lambda: not views.is_busy() and updated == ["inside"], timeout=10_000)
    output = view.rows()[-1].bars.values()
    assert max(range(10), key=lambda digit: output[digit]) == 7


# A 7 with a stray stroke from its foot (read as a 2 until the stroke is erased), as in test_live_recognizer.
STRAY = [(150.0, 190.0), (215.0, 225.0)]


def edited_picture_read_as_a_number_with_both_windows_open(qtbot, window, mnist, tmp_path):
    """The 7 opened with Look inside and Compare open, then read as a number with the stray mark
    erased: leaving number mode reads the edited picture as one digit again, off the UI thread."""
    from ui_helpers import mnist_digit, on_paper, open_picture

    open_picture(qtbot, window, on_paper([mnist_digit(mnist, 7)], marks=[STRAY]), tmp_path / "seven.png")
    views = window.show_why
    views.inside_action.setChecked(True)
    views.compare_action.setChecked(True)
    qtbot.waitUntil(lambda: not views.is_busy() and views.inside_window.rows() != [], timeout=10_000)
    window.number.set_number_mode(True)
    window.canvas.erase(STRAY, radius=10)
    qtbot.waitUntil(lambda: not window.recognizer.is_reading() and window.number.number() is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not views.is_busy(), timeout=10_000)
    return views


def test_the_views_keep_the_last_reading_while_a_picture_is_read_again(qtbot, window, mnist, tmp_path):
    views = edited_picture_read_as_a_number_with_both_windows_open(qtbot, window, mnist, tmp_path)
    shown = []

    def record(*_args) -> None:
        shown.append((len(views.inside_window.rows()), views.compare_window.columns["app"].answer.text()))

    views.view_updated.connect(record)
    window.number.set_number_mode(False)
    assert window.panel.readout.headline.text() == "Reading the picture…"
    qtbot.waitUntil(
        lambda: window.recognizer.last_reading().digit == 7 and not window.recognizer.is_reading() and not views.is_busy()
        and views.compare_window.columns["app"].answer.text() == "7",
        timeout=10_000,
    )
    assert shown and all(rows > 0 and answer != "–" for rows, answer in shown), shown
    assert not views.inside_window.is_updating() and not views.compare_window.is_updating()


class Held:
    """A function held off the UI thread: ``entered`` once it is called, it returns once released."""

    def __init__(self) -> None:
        self.entered, self._go = threading.Event(), threading.Event()

    def release(self) -> None:
        self._go.set()

    def wait(self) -> None:
        self.entered.set()
        self._go.wait(timeout=30)


@pytest.fixture
def hold(window, monkeypatch):
    """``hold(module, name)``: the function ``module.name``, called off the UI thread, waits from now
    on until released (a large photo on a slow machine): a wait that outlasts the updating mark's
    delay whatever the machine's load. Closing the window releases them all (a test that fails
    leaves none waiting: the window waits for its running work as it closes)."""
    from PySide6.QtCore import QEvent, QObject

    helds: list[Held] = []

    class ReleasedOnClose(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Close:
                for held in helds:
                    held.release()
            return False

    release = ReleasedOnClose(window)
    window.installEventFilter(release)

    def holding(module, name: str) -> Held:
        function, held = getattr(module, name), Held()
        helds.append(held)

        def waits(*args, **kwargs):
            held.wait()
            return function(*args, **kwargs)

        monkeypatch.setattr(module, name, waits)
        return held

    return holding


def wait_for_the_7_shown_undimmed(qtbot, window, views) -> None:
    """Until the picture's new reading (the 7, read as one digit) is in and the views show it, no longer marked as updating."""
    qtbot.waitUntil(
        lambda: window.recognizer.last_reading().digit == 7 and not views.is_busy()
        and not views.inside_window.is_updating() and not views.compare_window.is_updating(),
        timeout=10_000,
    )


def test_the_views_are_marked_as_updating_while_a_slow_re_reading_is_on_its_way(qtbot, window, mnist, tmp_path, hold):
    from mnist_draw.ui import live_recognizer

    views = edited_picture_read_as_a_number_with_both_windows_open(qtbot, window, mnist, tmp_path)
    go = hold(live_recognizer, "read_picture_ink")
    window.number.set_number_mode(False)
    qtbot.waitUntil(lambda: views.inside_window.is_updating() and views.compare_window.is_updating(), timeout=10_000)
    assert views.inside_window.rows() != [] and views.compare_window.columns["app"].answer.text() != "–"
    go.release()
    wait_for_the_7_shown_undimmed(qtbot, window, views)


def test_an_update_of_the_last_reading_landing_meanwhile_keeps_the_view_marked_as_updating(qtbot, window, mnist, tmp_path, hold):
    from mnist_draw.ui import compare_view, live_recognizer

    views = edited_picture_read_as_a_number_with_both_windows_open(qtbot, window, mnist, tmp_path)
    compared = hold(compare_view, "digit_square")
    read = hold(live_recognizer, "read_picture_ink")
    other = next(way for way in views.compare_window.way_buttons if way != views.compare_window.way())
    views.compare_window.set_way(other)  # the user picks the other preparation: the selected digit is compared again...
    window.number.set_number_mode(False)  # ...and number mode is turned off before that is done
    qtbot.waitUntil(views.compare_window.is_updating, timeout=10_000)
    updated = []
    views.view_updated.connect(lambda name, *_times: updated.append(name))
    compared.release()
    qtbot.waitUntil(lambda: "compare" in updated, timeout=10_000)
    # The comparison shown is of the number's digit: no answer to the picture shown, whose reading is still to come.
    assert views.compare_window.is_updating()
    read.release()
    wait_for_the_7_shown_undimmed(qtbot, window, views)


def test_a_view_opened_while_a_picture_is_read_again_is_marked_as_updating(qtbot, window, mnist, tmp_path, hold):
    from mnist_draw.ui import live_recognizer

    views = edited_picture_read_as_a_number_with_both_windows_open(qtbot, window, mnist, tmp_path)
    views.inside_action.setChecked(False)
    qtbot.waitUntil(lambda: not views.is_busy(), timeout=10_000)
    go = hold(live_recognizer, "read_picture_ink")
    window.number.set_number_mode(False)
    qtbot.waitUntil(views.compare_window.is_updating, timeout=10_000)
    views.inside_action.setChecked(True)  # shows the layers of the digit read before
    assert views.inside_window.is_updating()
    go.release()
    wait_for_the_7_shown_undimmed(qtbot, window, views)


def side_by_side(points: list[tuple[float, float]], left: float) -> list[tuple[float, float]]:
    """``points`` (a digit filling the paper) drawn small, from ``left``, for a number of two digits."""
    return [(x * 0.45 + left, y * 0.45 + 70) for x, y in points]


def answers(views) -> tuple[str, int | None]:
    """The Compare window's answer of this app's network, and the Look inside window's output's top answer."""
    rows = views.inside_window.rows()
    output = rows[-1].bars.values() if rows else ()
    top = max(range(10), key=lambda digit: output[digit]) if len(output) >= 10 else None
    return views.compare_window.columns["app"].answer.text(), top


def test_in_number_mode_the_views_follow_the_selected_digit(qtbot, window):
    views = window.show_why
    views.inside_action.setChecked(True)
    views.compare_action.setChecked(True)
    window.number.set_number_mode(True)
    window.canvas.add_stroke(side_by_side(ONE, 20))
    window.canvas.add_stroke(side_by_side(SEVEN, 90))
    assert window.number.number().number == "17"
    qtbot.waitUntil(lambda: not views.is_busy() and answers(views) == ("1", 1), timeout=10_000)
    assert "Number mode" in views.inside_window.intro.text() and "Number mode" in views.compare_window.intro.text()
    window.number.select(1)
    qtbot.waitUntil(lambda: not views.is_busy() and answers(views) == ("7", 7), timeout=10_000)
    window.canvas_control.clear.trigger()  # nothing drawn: nothing to show, not the last digit
    qtbot.waitUntil(lambda: not views.is_busy() and views.compare_window.columns["app"].answer.text() == "–", timeout=10_000)
    assert views.inside_window.rows() == []
    window.number.set_number_mode(False)
    window.canvas.add_stroke(SEVEN)
    qtbot.waitUntil(lambda: not views.is_busy() and answers(views) == ("7", 7), timeout=10_000)
    assert "Number mode" not in views.inside_window.intro.text() + views.compare_window.intro.text()


def test_in_number_mode_the_tutorial_networks_are_fed_the_selected_digit_alone(qtbot, window):
    views = window.show_why
    views.compare_action.setChecked(True)
    window.number.set_number_mode(True)
    window.canvas.add_stroke(side_by_side(ONE, 20))
    window.canvas.add_stroke(side_by_side(SEVEN, 90))
    window.number.select(1)
    cnn = views.compare_window.columns["tutorial-cnn"]
    qtbot.waitUntil(lambda: not views.is_busy() and views.compare_window.columns["app"].answer.text() == "7", timeout=10_000)
    image = cnn.fed.image()
    fed = [[image.pixelColor(x, y).value() for x in range(28)] for y in range(28)]
    assert sum(map(sum, fed)) > 0
    # Fed the 7 alone, centred: not the 1 left of it, nor the 7 shrunk at the right of a whole canvas.
    assert views.compare_window.columns["tutorial-cnn"].answer.text() == "7"


def test_in_number_mode_why_this_digit_is_drawn_over_what_the_model_sees_of_the_selected_digit(qtbot, window):
    from mnist_draw.ui.heat_map import NUMBER_NOTE

    views = window.show_why
    views.heat_action.setChecked(True)
    window.number.set_number_mode(True)
    window.canvas.add_stroke(side_by_side(ONE, 20))
    window.canvas.add_stroke(side_by_side(SEVEN, 90))
    window.number.select(1)
    qtbot.waitUntil(
        lambda: not views.is_busy() and views.preview_overlay.isVisible() and views.preview_overlay.picture() is not None
        and views.preview_overlay.picture().top == 7,
        timeout=10_000,
    )
    assert views.canvas_overlay.note() == NUMBER_NOTE


def test_why_this_digit_for_writing_leaning_far_is_drawn_over_what_the_model_sees_beside(qtbot, window):
    """Set up before it is read, a far-leaning drawing's map laid over its strokes coloured beside them."""
    import math

    from mnist_draw.ui.heat_map import LEANING_NOTE

    views = window.show_why
    views.heat_action.setChecked(True)
    zero = [(140 + 25 * math.cos(a / 20 * math.pi) - 1.0 * 90 * math.sin(a / 20 * math.pi), 140 + 90 * math.sin(a / 20 * math.pi)) for a in range(41)]
    window.canvas.add_stroke(zero)
    qtbot.waitUntil(
        lambda: not views.is_busy() and views.preview_overlay.isVisible() and views.preview_overlay.picture() is not None,
        timeout=10_000,
    )
    assert views.canvas_overlay.note() == LEANING_NOTE
    window.canvas.clear()
    window.canvas.add_stroke(SEVEN)  # its diagonal leans as far as a slanted 0's sides: set up a little, and laid over it
    qtbot.waitUntil(lambda: not views.is_busy() and not views.preview_overlay.isVisible(), timeout=10_000)
    assert views.canvas_overlay.note() != LEANING_NOTE and views.canvas_overlay.picture().top == 7


def test_a_view_says_number_mode_of_what_it_shows_not_of_the_mode_now(qtbot, window, hold):
    from mnist_draw.ui import compare_view

    views = window.show_why
    views.compare_action.setChecked(True)
    window.number.set_number_mode(True)
    window.canvas.add_stroke(side_by_side(ONE, 20))
    window.canvas.add_stroke(side_by_side(SEVEN, 90))
    qtbot.waitUntil(lambda: not views.is_busy() and views.compare_window.columns["app"].answer.text() == "1", timeout=10_000)
    go = hold(compare_view, "digit_square")
    window.number.select(1)  # the 7 is compared...
    qtbot.waitUntil(go.entered.is_set, timeout=10_000)
    window.number.set_number_mode(False)  # ...and number mode turned off before that is done
    shown = []
    views.view_updated.connect(
        lambda *_args: shown.append((views.compare_window.columns["app"].answer.text(), "Number mode" in views.compare_window.intro.text()))
    )
    go.release()
    qtbot.waitUntil(lambda: not views.is_busy() and len(shown) >= 2, timeout=10_000)
    # The selected 7 of the number, said to be so; then the whole drawing, read as one digit.
    assert len(shown) == 2 and shown[0] == ("7", True) and shown[1][1] is False, shown


def test_look_inside_over_an_empty_canvas_in_number_mode_asks_for_a_number(qtbot, window):
    from mnist_draw.ui.inside_view import NOTHING_DRAWN, NOTHING_DRAWN_IN_NUMBER

    views = window.show_why
    window.number.set_number_mode(True)
    views.inside_action.setChecked(True)
    note = views.inside_window.note
    qtbot.waitUntil(lambda: not views.is_busy() and note.isVisible() and note.text() == NOTHING_DRAWN_IN_NUMBER, timeout=10_000)
    assert note.text().startswith("Write a number") and "Number mode" in views.inside_window.intro.text()
    window.canvas.add_stroke(side_by_side(ONE, 20))
    window.canvas.add_stroke(side_by_side(SEVEN, 90))
    qtbot.waitUntil(lambda: not views.is_busy() and len(views.inside_window.rows()) > 0, timeout=10_000)
    window.canvas_control.clear.trigger()
    qtbot.waitUntil(lambda: not views.is_busy() and note.isVisible() and note.text() == NOTHING_DRAWN_IN_NUMBER, timeout=10_000)
    window.number.set_number_mode(False)  # out of number mode, a digit is asked for again
    qtbot.waitUntil(lambda: not views.is_busy() and note.text() == NOTHING_DRAWN, timeout=10_000)

"""The View menu's three toggles: off at start, each following the live reading without slowing it."""

from __future__ import annotations

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

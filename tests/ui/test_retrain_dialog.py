"""Retrain and fine-tune from the dialog: a real child process, real progress,
cancel, keep or discard. Small subsets keep each run to seconds. The user's
samples are counted without being read, and the kept-aside ones are read on the
dialog's worker while the model trains."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from mnist_draw import model_store, user_data
from mnist_draw.evaluation import measure_images
from mnist_draw.model_card import ModelCard
from mnist_draw.preprocess import strokes_to_input
from mnist_draw.samples import SampleStore
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.ui import retrain_dialog
from mnist_draw.training_plan import Preset
from mnist_draw.ui.retrain_dialog import READY, SETUP, RetrainDialog

TRAINING_TIMEOUT_MS = 300_000


@pytest.fixture
def store():
    return SampleStore(user_data.samples_dir())


def make_dialog(qtbot, store, mnist_dir, fine_tune=False) -> RetrainDialog:
    dialog = RetrainDialog(model_store.load_active_model(), store, fine_tune=fine_tune)
    qtbot.addWidget(dialog)
    dialog._find_data(str(mnist_dir))
    return dialog


def add_samples(store: SampleStore, copies: int) -> None:
    for digit, strokes in SAMPLE_STROKES.items():
        for copy in range(copies):
            varied = [[(x * (1 + copy / 40), y + copy) for x, y in stroke] for stroke in strokes]
            store.add(digit, strokes_to_input(varied).pixels, varied)


@pytest.mark.slow
def test_retrain_trains_in_a_child_process_and_the_new_model_can_be_used(qtbot, window, mnist_dir, monkeypatch):
    # Enough digits for a model that passes the new-model check (it must read a plain 1).
    monkeypatch.setattr(retrain_dialog, "QUICK", Preset("Quick", 1, 3000, "test"))
    window.teach.retrain_action.trigger()  # the window's dialog: the window installs what it asks for
    dialog = window.teach.training.dialog
    dialog._find_data(str(mnist_dir))
    dialog.epochs.setValue(1)
    progress = []
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    dialog.run.progress.connect(progress.append)
    output = dialog.run.output
    with qtbot.waitSignal(dialog.run.finished, timeout=TRAINING_TIMEOUT_MS):
        pass
    assert progress and progress[-1].epoch == progress[-1].epochs == 2  # the pass asked for, then an undistorted one
    assert dialog.pages.currentWidget() is dialog.result_page
    assert dialog.progress_bar.maximum() == 0  # exporting and measuring: busy, not a stuck 100%
    with qtbot.waitSignal(dialog.install_requested) as asked:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert asked.args[0] == output
    qtbot.waitUntil(lambda: window.recognizer.model().source == "user", timeout=30_000)
    assert model_store.load_active_model().source == "user"
    assert not output.exists()  # the candidate was copied into place and removed
    assert dialog.state == SETUP


@pytest.mark.slow
def test_cancel_stops_training_and_changes_nothing(qtbot, store, mnist_dir, monkeypatch):
    monkeypatch.setattr(retrain_dialog, "QUICK", Preset("Quick", 3, 20_000, "test"))
    dialog = make_dialog(qtbot, store, mnist_dir)
    dialog.start()
    with qtbot.waitSignal(dialog.run.progress, timeout=TRAINING_TIMEOUT_MS):
        pass
    output = dialog.run.output
    with qtbot.waitSignal(dialog.run.cancelled, timeout=10_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.run.is_running()
    assert not output.exists()
    assert not user_data.model_dir().exists()
    assert dialog.pages.currentWidget() is dialog.setup_page
    assert "cancelled" in dialog.setup_note.text()


@pytest.mark.slow
def test_a_failed_training_says_why_and_keeps_the_model(qtbot, store, tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_DRAW_DATA", str(tmp_path / "no-mnist-here"))
    dialog = RetrainDialog(model_store.load_active_model(), store)
    qtbot.addWidget(dialog)
    assert "No MNIST files" in dialog.data_label.text()
    dialog.start()
    with qtbot.waitSignal(dialog.run.failed, timeout=TRAINING_TIMEOUT_MS):
        pass
    assert dialog.pages.currentWidget() is dialog.failure_page
    assert "No MNIST files" in dialog.failure_label.text()
    assert model_store.load_active_model().source == "bundled"


@pytest.mark.slow
def test_fine_tune_on_synthetic_samples_reports_before_and_after(qtbot, store, mnist_dir, monkeypatch):
    add_samples(store, copies=6)
    threads = spy_on_measuring(monkeypatch)
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    assert dialog.start_button.isEnabled(), dialog.setup_note.text()
    dialog.epochs.setValue(1)
    dialog.start()
    with qtbot.waitSignal(dialog.run.finished, timeout=TRAINING_TIMEOUT_MS) as finished:
        pass
    card = finished.args[0]
    assert card.fine_tuned_from.endswith("model.keras")
    assert card.data["user_samples"] > 0 and card.user_holdout_accuracy is not None
    texts = [dialog.result_grid.itemAt(i).widget().text() for i in range(dialog.result_grid.count())]
    assert any("kept-aside samples" in text for text in texts)
    assert threads and threading.main_thread() not in threads  # the model in use measured on the worker
    output = dialog.run.output
    dialog.discard()
    assert not output.exists()
    assert model_store.load_active_model().source == "bundled"


def test_fine_tune_needs_enough_samples(qtbot, store, mnist_dir):
    add_samples(store, copies=1)
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    assert not dialog.start_button.isEnabled()
    assert "at least" in dialog.setup_note.text()


# --- the user's samples, never read on the UI thread (review A7) -------------------------


def texts_of(grid) -> list[str]:
    return [grid.itemAt(i).widget().text() for i in range(grid.count())]


def test_the_samples_are_counted_in_the_setup(qtbot, store, mnist_dir):
    add_samples(store, copies=2)
    (store.folder / "3" / "20240101-000000-damaged.json").write_text("{")  # listed, as My samples lists it
    retrain = make_dialog(qtbot, store, mnist_dir)
    assert retrain.include_samples.text() == "Include my own samples (13)" and retrain.include_samples.isChecked()
    for sample_id in ("20240101-000000-damaged", store.files(0)[0].id, store.files(0)[1].id, store.files(1)[0].id):
        store.delete(sample_id)
    teach = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    assert "you have 9." in teach.setup_note.text() and not teach.start_button.isEnabled()
    assert "teaches it your 9 samples" in teach._intro_text()


def test_the_new_model_is_compared_on_the_kept_aside_samples_once_the_worker_has_read_them(qtbot, store, mnist_dir):
    add_samples(store, copies=12)
    kept_aside = [entry for entry in store.files() if entry.is_held_out()]
    assert len(kept_aside) >= 5
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    dialog.show()
    dialog._read_kept_aside(True)  # as Start does, while the child process trains
    dialog._show_page(dialog.progress_page)
    add_samples(store, copies=3)  # kept after the start: not in this run's comparison
    # The run ends before the samples are read (they arrive through the event loop).
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98, user_holdout_accuracy=1.0))
    assert dialog.pages.currentWidget() is dialog.progress_page
    assert dialog.stage_label.text() == "Reading your kept-aside samples…" and dialog.progress_bar.maximum() == 0
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=30_000)
    texts = texts_of(dialog.result_grid)
    row = texts[texts.index("Your kept-aside samples") :][:4]
    assert row[2] == f"{len(kept_aside)} of {len(kept_aside)}"


def spy_on_measuring(monkeypatch) -> list[threading.Thread]:
    """The threads the dialog measures a model on; the real measure runs, with the real model."""
    threads: list[threading.Thread] = []
    real = retrain_dialog.measure_images

    def measure_images(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(retrain_dialog, "measure_images", measure_images)
    return threads


def test_the_model_in_use_is_measured_on_the_kept_aside_samples_off_the_ui_thread(qtbot, store, mnist_dir, monkeypatch):
    add_samples(store, copies=12)
    kept_aside = [entry for entry in store.files() if entry.is_held_out()]
    images, labels = store.arrays(kept_aside)
    threads = spy_on_measuring(monkeypatch)
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    dialog.show()
    dialog._read_kept_aside(True)  # as Start does, while the child process trains
    dialog._show_page(dialog.progress_page)
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98, user_holdout_accuracy=1.0))
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.result_page, timeout=30_000)
    assert threads and threading.main_thread() not in threads
    texts = texts_of(dialog.result_grid)
    row = texts[texts.index("Your kept-aside samples") :][:4]
    before = measure_images(dialog.current.classifier, images, labels).correct
    assert row[1] == f"{before} of {len(labels)}"


def test_a_dialog_closed_while_the_model_in_use_is_measured_shows_the_comparison_when_back(qtbot, store, mnist_dir):
    add_samples(store, copies=12)
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    dialog.show()
    dialog._read_kept_aside(True)
    dialog._show_page(dialog.progress_page)
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98, user_holdout_accuracy=1.0))
    dialog.reject()  # Esc: hidden, the run's result still to come
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.state == READY, timeout=30_000)
    assert "Your kept-aside samples" in texts_of(dialog.result_grid)


def test_a_window_closed_while_the_model_in_use_is_measured_gets_nothing_more(qtbot, store, mnist_dir, monkeypatch):
    add_samples(store, copies=12)
    threads = spy_on_measuring(monkeypatch)
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    dialog._read_kept_aside(True)
    dialog._show_page(dialog.progress_page)
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98, user_holdout_accuracy=1.0))
    dialog.stop()  # the window closes: the dialog's work is drained, its outcome dropped
    assert dialog._workers.running() == 0
    qtbot.wait(100)
    assert dialog.pages.currentWidget() is dialog.progress_page
    assert threading.main_thread() not in threads


def test_closing_the_window_stops_reading_the_kept_aside_samples(qtbot, store, mnist_dir):
    add_samples(store, copies=20)
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    dialog._read_kept_aside(True)
    dialog.stop()
    assert dialog._workers.running() == 0


@pytest.mark.parametrize("width", [560, 900])
@pytest.mark.parametrize("page", ["retrain setup", "teach setup", "comparison"])
def test_a_page_of_text_fits_its_text_with_no_blank_band_above_its_buttons(qtbot, store, mnist_dir, page, width):
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=page == "teach setup")
    dialog.resize(width, 1000)  # however tall it was, each page shown is fitted to it
    dialog.show()
    if page == "comparison":
        dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98))
    else:
        dialog._show_page(dialog.setup_page)
    qtbot.wait(50)
    layout = dialog.pages.currentWidget().layout()
    items = [layout.itemAt(index) for index in range(layout.count())]
    blank = [item.geometry().height() for item in items if item.spacerItem() is not None]
    assert dialog.width() == width and blank and max(blank) <= 24
    for item in items:  # and nothing squeezed below the height it needs
        if item.widget() is not None and item.widget().isVisible():
            widget = item.widget()
            needs = widget.heightForWidth(widget.width()) if widget.hasHeightForWidth() else widget.minimumSizeHint().height()
            assert item.geometry().height() >= needs, widget


@pytest.mark.parametrize("fine_tune", [False, True])
@pytest.mark.parametrize("data_found", [True, False])
def test_every_line_of_the_setup_page_shows_even_the_presets_descriptions(qtbot, window, mnist_dir, monkeypatch, tmp_path, fine_tune, data_found):
    from PySide6.QtWidgets import QLabel

    if data_found:
        monkeypatch.setenv("MNIST_DRAW_DATA", str(mnist_dir))
    else:  # a computer without MNIST: the data box says where it looked, in three lines
        monkeypatch.delenv("MNIST_DRAW_DATA", raising=False)
        monkeypatch.setenv("HOME", str(tmp_path))
    (window.teach.fine_tune_action if fine_tune else window.teach.retrain_action).trigger()
    dialog = window.teach.training.dialog
    qtbot.waitExposed(dialog)
    try:
        assert (dialog._data_path is not None) == data_found
        for width in (dialog.width(), 900):
            dialog.resize(width, dialog.height())
            qtbot.wait(50)
            wrapped = [label for label in dialog.setup_page.findChildren(QLabel) if label.isVisible() and label.wordWrap()]
            assert wrapped
            for label in wrapped:  # the Full preset's description was given two lines of its four
                assert label.height() >= label.heightForWidth(label.width()), (width, label.text())
    finally:
        dialog.reject()


@pytest.mark.parametrize("width", [560, 760, 1000])
def test_the_comparison_page_keeps_no_blank_line_for_a_note_with_nothing_to_say(qtbot, store, mnist_dir, width):
    dialog = make_dialog(qtbot, store, mnist_dir)
    dialog.resize(width, 700)
    dialog.show()
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98))  # nothing kept aside, nothing installed

    def gaps() -> list[int]:
        qtbot.wait(50)
        layout = dialog.result_page.layout()
        shown = [layout.itemAt(index).geometry() for index in range(layout.count()) if not layout.itemAt(index).isEmpty()]
        return [below.top() - above.bottom() - 1 for above, below in zip(shown, shown[1:])]

    spacing = dialog.result_page.layout().spacing()
    assert gaps() == [spacing] * len(gaps())  # each line of text the same spacing from the next, the buttons too
    assert dialog.kept_aside_note.isHidden() and dialog.install_note.isHidden()
    use = dialog.use_button.mapTo(dialog, dialog.use_button.rect().topLeft())
    dialog.install_failed("The new model could not be checked.")
    qtbot.wait(50)
    assert dialog.install_note.isVisible() and gaps() == [spacing] * len(gaps())
    assert dialog.use_button.mapTo(dialog, dialog.use_button.rect().topLeft()) == use  # not moved from under the pointer


@pytest.mark.parametrize("page", ["setup", "comparison"])
def test_a_page_of_text_stretched_taller_by_hand_keeps_its_height_and_refits_at_another_width(qtbot, store, mnist_dir, page):
    dialog = make_dialog(qtbot, store, mnist_dir, fine_tune=True)
    dialog.resize(900, 400)
    dialog.show()
    if page == "comparison":
        dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98))
    qtbot.wait(50)
    fitted = dialog.height()
    dialog.resize(900, fitted + 300)  # a blank band above the buttons is all the room would show
    qtbot.wait(50)
    assert dialog.height() == fitted
    dialog.resize(560, fitted)  # narrower: the text wraps to more lines, and the page grows to hold them
    qtbot.wait(50)
    layout = dialog.pages.currentWidget().layout()
    margins = dialog.layout().contentsMargins()
    assert dialog.height() == layout.totalHeightForWidth(560 - margins.left() - margins.right()) + margins.top() + margins.bottom()
    assert dialog.height() >= fitted


def test_the_progress_page_stretched_taller_gives_the_room_to_its_chart_and_the_next_page_fits_again(qtbot, store, mnist_dir):
    dialog = make_dialog(qtbot, store, mnist_dir)
    dialog.show()
    dialog._show_page(dialog.progress_page)
    qtbot.wait(50)
    chart, buttons = dialog.chart.height(), dialog.cancel_button.y()
    dialog.resize(dialog.width(), dialog.height() + 300)
    qtbot.wait(50)
    assert dialog.chart.height() >= chart + 290
    assert dialog.cancel_button.y() >= buttons + 290  # the buttons stay at the bottom, under the chart
    dialog.resize(dialog.width(), 60)  # squeezed: no shorter than its contents, after a page of fixed height
    qtbot.wait(50)
    assert dialog.height() >= dialog.layout().totalMinimumSize().height() > 60
    assert dialog.cancel_button.y() >= dialog.chart.geometry().bottom()
    dialog._on_finished(ModelCard(mnist_test_accuracy=0.99, pendigits_test_accuracy=0.98))
    qtbot.wait(50)
    assert dialog.maximumHeight() == dialog.height() < chart + 300

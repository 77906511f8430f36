"""Model > My samples: opens where the samples are, and says what to do when there are none."""

from __future__ import annotations

from mnist_draw.preprocess import strokes_to_input
from mnist_draw.samples import SampleStore
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.ui.samples_dialog import SamplesDialog


def dialog_for(qtbot, store: SampleStore) -> SamplesDialog:
    dialog = SamplesDialog(store)
    qtbot.addWidget(dialog)
    return dialog


def test_it_opens_on_the_first_digit_that_has_samples(qtbot, tmp_path):
    store = SampleStore(tmp_path)
    store.add(7, strokes_to_input(SAMPLE_STROKES[7]).pixels, SAMPLE_STROKES[7])
    dialog = dialog_for(qtbot, store)
    assert dialog.digits.currentRow() == 7
    assert dialog.thumbnails.count() == 1
    assert dialog.samples_view.currentWidget() is dialog.thumbnails
    assert dialog.digits.item(7).text() == "7  –  1 sample"
    assert dialog.digits.item(0).text() == "0  –  none"


def test_with_no_samples_it_says_how_to_keep_one(qtbot, tmp_path):
    dialog = dialog_for(qtbot, SampleStore(tmp_path))
    assert dialog.samples_view.currentWidget() is dialog.no_samples
    assert "press 0 to keep one" in dialog.no_samples.text()
    assert dialog.summary.text().startswith("No samples yet.")


def test_a_digit_without_samples_says_so_instead_of_an_empty_box(qtbot, tmp_path):
    store = SampleStore(tmp_path)
    store.add(4, strokes_to_input(SAMPLE_STROKES[4]).pixels, SAMPLE_STROKES[4])
    dialog = dialog_for(qtbot, store)
    dialog.digits.setCurrentRow(3)
    assert dialog.samples_view.currentWidget() is dialog.no_samples
    assert "No samples of 3 yet" in dialog.no_samples.text()

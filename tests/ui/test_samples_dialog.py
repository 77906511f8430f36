"""Model > My samples: thousands of samples open at once, imports run on a worker
(issue 11: 20,000 samples blocked the window for 50 s, the dialog took 6.5 s to open);
it opens where the samples are, and says what to do when there are none."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from mnist_draw.preprocess import strokes_to_input
from mnist_draw.samples import SampleStore, _png
from mnist_draw.self_test_digits import SAMPLE_STROKES
from mnist_draw.ui.samples_dialog import SAMPLE_ID_ROLE, SamplesDialog

PICTURE = _png(np.pad(np.ones((20, 4), np.float32), ((4, 4), (12, 12))))  # a plain 1


def write_samples(folder: Path, label: int, count: int) -> None:
    """``count`` samples of ``label`` written directly, as many as a keen user keeps."""
    digit = folder / str(label)
    digit.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        sample_id = f"20240101-000000-{label}{n:07d}"
        (digit / f"{sample_id}.json").write_text(json.dumps({"id": sample_id, "label": label, "created": "2024-01-01T00:00:00"}))
        (digit / f"{sample_id}.png").write_bytes(PICTURE)


@pytest.fixture
def store(tmp_path) -> SampleStore:
    return SampleStore(tmp_path / "samples")


@pytest.fixture
def dialog(qtbot, store):
    shown = SamplesDialog(store)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.reject()


def exported(tmp_path: Path, label: int, count: int) -> Path:
    source = SampleStore(tmp_path / "elsewhere")
    write_samples(source.folder, label, count)
    return Path(source.export_zip(tmp_path / "export.zip") and tmp_path / "export.zip")


def test_thousands_of_samples_are_listed_without_reading_them(qtbot, store):
    write_samples(store.folder, 0, 3_000)
    write_samples(store.folder, 4, 2)
    shown = SamplesDialog(store)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    qtbot.wait(50)  # let the list lay out and paint what it shows
    assert shown.samples.rowCount() == 3_000
    assert 0 < shown.samples.reads < 300  # only the thumbnails in view were read
    assert shown.digits.item(0).text() == "0  –  3,000 samples" and shown.summary.text().startswith("3,002 samples.")
    shown.reject()


def test_a_thumbnail_shows_its_sample_and_when_it_was_kept(dialog, store):
    write_samples(store.folder, 0, 1)
    dialog.refresh()
    index = dialog.samples.index(0)
    assert not index.data(0x1).isNull()  # DecorationRole: the picture
    assert index.data(0x3) == "0, kept 2024-01-01 00:00"  # ToolTipRole


def test_a_damaged_sample_is_listed_and_says_so(dialog, store):
    write_samples(store.folder, 3, 1)
    next((store.folder / "3").glob("*.json")).write_text("{not json")
    dialog.digits.setCurrentRow(3)
    assert "damaged" in dialog.samples.index(0).data(0x3)


def test_deleting_the_selected_samples(qtbot, dialog, store):
    write_samples(store.folder, 0, 3)
    dialog.refresh()
    dialog.thumbnails.selectionModel().select(dialog.samples.index(1), dialog.thumbnails.selectionModel().SelectionFlag.Select)
    assert dialog.delete_button.isEnabled()
    gone = dialog.samples.index(1).data(SAMPLE_ID_ROLE)
    dialog.delete_selected()
    assert dialog.samples.rowCount() == 2 and gone not in [f.id for f in store.files()]


def test_an_import_runs_on_a_worker_and_reports_how_it_went(qtbot, dialog, store, tmp_path):
    archive = exported(tmp_path, 7, 250)
    worker = dialog.import_from(str(archive))
    assert dialog.is_busy() and not dialog.import_button.isEnabled()  # returned before the import ended
    progress = []
    worker.progress.connect(progress.append)
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        pass
    assert not dialog.is_busy() and dialog.import_button.isEnabled()
    assert dialog.transfer_status.text() == "250 new samples imported from export.zip."
    assert store.counts()[7] == 250 and dialog.digits.item(7).text() == "7  –  250 samples"
    assert progress and progress[-1].total == 250


def test_an_import_that_fails_says_why_in_plain_words(qtbot, dialog, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip archive")
    worker = dialog.import_from(str(bad))
    with qtbot.waitSignal(worker.failed, timeout=30_000):
        pass
    assert dialog.transfer_status.text() == "Import failed: bad.zip cannot be read as samples: it is not a zip archive, or it is damaged."
    assert dialog.import_button.isEnabled()


def test_a_zip_of_too_many_samples_is_refused_before_anything_is_written(qtbot, dialog, store, tmp_path, monkeypatch):
    from mnist_draw import samples

    monkeypatch.setattr(samples, "MAX_IMPORT_SAMPLES", 5)
    archive = exported(tmp_path, 2, 6)
    worker = dialog.import_from(str(archive))
    with qtbot.waitSignal(worker.failed, timeout=30_000):
        pass
    assert "more than 5 samples" in dialog.transfer_status.text() and store.counts() == [0] * 10


def test_closing_the_dialog_stops_an_import_between_two_samples(qtbot, store, tmp_path):
    archive = exported(tmp_path, 1, 600)
    shown = SamplesDialog(store)
    qtbot.addWidget(shown)
    shown.show()
    shown.import_from(str(archive))
    shown.reject()  # waits for the sample being written, then nothing more runs
    assert shown._workers.running() == 0
    written = store.counts()[1]
    qtbot.wait(100)
    assert store.counts()[1] == written <= 600


def test_a_zip_entry_name_cannot_write_outside_the_samples(qtbot, dialog, store, tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("1/../../../escaped.json", json.dumps({"id": "../../escaped", "label": 1}))
    worker = dialog.import_from(str(archive))
    with qtbot.waitSignal(worker.finished, timeout=30_000):
        pass
    assert dialog.transfer_status.text() == "0 new samples imported from evil.zip."
    assert not any(tmp_path.rglob("escaped*"))


def test_it_opens_on_the_first_digit_that_has_samples(qtbot, store):
    store.add(7, strokes_to_input(SAMPLE_STROKES[7]).pixels, SAMPLE_STROKES[7])
    shown = SamplesDialog(store)
    qtbot.addWidget(shown)
    assert shown.digits.currentRow() == 7
    assert shown.samples.rowCount() == 1
    assert shown.samples_view.currentWidget() is shown.thumbnails
    assert shown.digits.item(7).text() == "7  –  1 sample"
    assert shown.digits.item(0).text() == "0  –  none"
    assert shown.summary.text().startswith("1 sample. ")


def test_a_refresh_stays_on_the_digit_shown(dialog, store):
    write_samples(store.folder, 2, 3)
    write_samples(store.folder, 5, 1)
    dialog.digits.setCurrentRow(5)
    dialog.refresh()
    assert dialog.digits.currentRow() == 5 and dialog.samples.rowCount() == 1
    assert dialog.digits.item(2).text() == "2  –  3 samples"


def test_with_no_samples_it_says_how_to_keep_one(dialog):
    assert dialog.samples_view.currentWidget() is dialog.no_samples
    assert "press 0 to keep one" in dialog.no_samples.text()
    assert dialog.summary.text() == (
        "No samples yet. Draw a digit, then press its key (or Correct this reading) to keep it as a sample."
    )


def test_with_no_samples_export_is_off_and_says_why_until_one_is_kept(dialog, store):
    """Export was on with no samples at all: it wrote an empty zip."""
    assert not dialog.export_button.isEnabled()
    assert dialog.export_button.toolTip() == "There are no samples to export yet."
    store.add(4, strokes_to_input(SAMPLE_STROKES[4]).pixels, SAMPLE_STROKES[4])
    dialog.refresh()
    assert dialog.export_button.isEnabled() and dialog.export_button.toolTip() == ""


def test_a_digit_without_samples_says_so_instead_of_an_empty_box(qtbot, store):
    store.add(4, strokes_to_input(SAMPLE_STROKES[4]).pixels, SAMPLE_STROKES[4])
    shown = SamplesDialog(store)
    qtbot.addWidget(shown)
    shown.digits.setCurrentRow(3)
    assert shown.samples_view.currentWidget() is shown.no_samples
    assert "No samples of 3 yet" in shown.no_samples.text()


def test_export_and_import_messages_count_in_plain_words(dialog):
    assert dialog.export_message(1, "/tmp/a.zip") == "1 sample written to /tmp/a.zip."
    assert dialog.export_message(1_200, "/tmp/a.zip") == "1,200 samples written to /tmp/a.zip."
    assert dialog.import_message(1, "a.zip") == "1 new sample imported from a.zip."
    assert dialog.import_message(3, "a.zip") == "3 new samples imported from a.zip."


def test_an_import_of_one_sample_says_one_sample(qtbot, dialog, store, tmp_path):
    worker = dialog.import_from(str(exported(tmp_path, 6, 1)))
    with qtbot.waitSignal(worker.finished, timeout=30_000):
        pass
    assert dialog.transfer_status.text() == "1 new sample imported from export.zip."
    assert dialog.digits.item(6).text() == "6  –  1 sample"


# --- export on a worker (review A7) -------------------------------------------------------


def test_an_export_runs_on_a_worker_and_says_what_it_wrote(qtbot, dialog, store, tmp_path):
    write_samples(store.folder, 3, 250)
    write_samples(store.folder, 8, 1)
    next((store.folder / "8").glob("*.json")).write_text("{not json")  # skipped, as training skips it
    dialog.refresh()
    target = tmp_path / "out" / "mine.zip"
    target.parent.mkdir()
    worker = dialog.export_to(str(target))
    assert dialog.is_busy() and not dialog.export_button.isEnabled() and not dialog.import_button.isEnabled()
    assert dialog.transfer_status.text() == "Exporting your samples to mine.zip…"
    progress = []
    worker.progress.connect(progress.append)
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        pass
    assert not dialog.is_busy() and dialog.export_button.isEnabled()
    assert dialog.transfer_status.text() == f"250 samples written to {target}."
    assert progress and progress[-1].total == 251
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == 500
    again = SampleStore(tmp_path / "again")
    assert again.import_from(target) == 250 and again.counts()[3] == 250


def test_an_export_that_cannot_be_written_says_why_and_changes_nothing(qtbot, dialog, store, tmp_path):
    write_samples(store.folder, 5, 3)
    blocker = tmp_path / "a file"
    blocker.write_text("")
    worker = dialog.export_to(str(blocker / "mine.zip"))  # a folder that is a file
    with qtbot.waitSignal(worker.failed, timeout=30_000):
        pass
    text = dialog.transfer_status.text()
    assert text.startswith("Export failed: the samples could not be written (") and text.endswith("Your samples are unchanged.")
    assert "Traceback" not in text and "Errno" not in text
    assert store.counts()[5] == 3 and dialog.export_button.isEnabled()


def test_closing_the_dialog_stops_an_export_and_writes_no_zip(qtbot, store, tmp_path):
    write_samples(store.folder, 1, 600)
    shown = SamplesDialog(store)
    qtbot.addWidget(shown)
    shown.show()
    shown.export_to(str(tmp_path / "mine.zip"))
    shown.reject()
    assert shown._workers.running() == 0
    qtbot.wait(50)
    assert not (tmp_path / "mine.zip").exists()

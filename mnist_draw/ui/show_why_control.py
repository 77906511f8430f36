"""The View menu's three ways to see why the model reads what it reads, live as the user draws.

- "Why this digit?": the occlusion heat map over the drawing (:mod:`.heat_map`);
- "Look inside the network": every layer's activations (:mod:`.inside_view`);
- "Compare with the tutorial networks": three networks' readings (:mod:`.compare_view`).

Each is a toggle. A view that is on follows the live reading (in number mode, the
selected digit's: ``NumberController.digit_shown``; the heat map then lies over what the
model sees, beside, as a picture's does, and the tutorial networks are fed that digit
alone): each new reading
asks for an update through a :class:`~.throttle.Throttle` (a few a second, so
drawing stays smooth), and the update is computed in the window's worker pool
through :class:`~.worker.NewestOnly` (one at a time, only the newest waiting).
The work uses its own copies of the models, so it never holds the lock of the
classifier the live reading uses on the UI thread, and it makes the pictures
too (the heat map already scaled to its place on the canvas, the feature maps as
tiles), so the UI thread only copies them to the screen.

The pen comes first. What the views do on the UI thread (starting an update,
showing a result, repainting) is done in one turn right after a reading of the
pen has been shown, in the event queue behind the bars' paint
(:data:`AFTER_FRAME`): the live reading is throttled
(``live_recognizer.READINGS_PER_SECOND``), so that is the moment the next one is
furthest away. When no reading comes (the pen
is still), the turn comes after :data:`TURN_AT_THE_LATEST_MS`. A view's window
that is minimised is not updated at all until it comes back. While a picture is being
read (``live_recognizer.is_in_between``), the views keep the last reading, marked as
updating if the wait lasts.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from .canvas import PAPER_SIDE, rect_on_paper
from .heat_map import LEANING_NOTE, NUMBER_NOTE, PICTURE_NOTE, HeatMapOverlay, HeatPicture
from .live_recognizer import is_in_between
from .throttle import Throttle
from .worker import NewestOnly, WorkerPool

if TYPE_CHECKING:
    from ..classifier import Classifier
    from ..inside import Inside
    from ..model_store import LoadedModel
    from ..reading import Reading
    from ..tutorial_networks import TutorialNetworks
    from .canvas import DrawingCanvas
    from .compare_view import CompareWindow
    from .inside_view import InsideWindow
    from .live_recognizer import Recognizer
    from .preview import ModelInputView

# A few updates a second look live; each costs the UI thread a repaint, and the
# pen's own reading (up to a hundred and more a second) must stay first.
HEAT_MAPS_PER_SECOND = 8
INSIDE_PER_SECOND = 6
COMPARISONS_PER_SECOND = 10
# The views' notes, shown in their windows in place of a picture; translated where shown.
UNREADABLE_ACTIVATIONS = QT_TRANSLATE_NOOP(
    "ShowWhyController",
    "This model's activations.tflite cannot be read (it may be damaged), so its layers cannot be shown. "
    "Its readings are not affected; retraining the model writes a new one.",
)
VIEW_FAILED = QT_TRANSLATE_NOOP("ShowWhyController", "This view could not be updated for the current drawing. The reading itself is not affected.")
TUTORIALS_UNAVAILABLE = QT_TRANSLATE_NOOP(
    "ShowWhyController",
    "The tutorial networks could not be loaded (their files are missing or damaged), so there is nothing "
    "to compare with. The reading in the main window is not affected; reinstalling mnist-draw brings them back.",
)
# The views' turn on the UI thread: an event posted below the priority of a widget's
# repaint request, so it runs after the input already queued and after the bars
# the pen's reading changed have been painted.
AFTER_FRAME = QEvent.Type(QEvent.registerEventType())
AFTER_FRAME_PRIORITY = Qt.EventPriority.LowEventPriority.value - 1
TURN_AT_THE_LATEST_MS = 20  # over twice the live reading's interval: the pen has stopped
# While a picture is read again, the views keep the last reading; dimmed only if the wait is
# long enough to see (a re-reading usually takes tens of milliseconds: dimming it would flicker).
MARK_UPDATING_AFTER_MS = 250
VIEWS = ("heat", "inside", "compare")


class Engines:
    """The models the views compute with, loaded on first use in the worker thread
    and kept until the model in use changes."""

    def __init__(self, model: LoadedModel) -> None:
        self.model = model
        self._lock = threading.Lock()
        self._loaded: dict[str, Any] = {}

    def classifier(self) -> Classifier:
        """A second copy of the model in use, calibrated the same."""

        def load():
            from ..classifier import Classifier

            own = self.model.classifier
            return Classifier(own.path, own.temperature, own.not_digit_threshold)

        return self._get("classifier", load)

    def inside(self) -> Inside | None:
        """The model's activations reader, or None when it has none."""

        def load():
            from ..inside import Inside

            return Inside.for_model(self.model.folder, self.model.card)

        return self._get("inside", load)

    def tutorials(self) -> TutorialNetworks:
        def load():
            from ..tutorial_networks import TutorialNetworks

            return TutorialNetworks()

        return self._get("tutorials", load)

    def _get(self, name: str, load: Callable[[], Any]) -> Any:
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = load()
            return self._loaded[name]


def timed(work: Callable[[], Any]) -> Callable[[], tuple[Any, float, float]]:
    """``work`` returning its result with the wall-clock and CPU milliseconds it took
    (CPU: this thread's own, so a busy machine's waiting is not counted in it)."""

    def run() -> tuple[Any, float, float]:
        started, started_cpu = time.perf_counter(), time.thread_time()
        result = work()
        return result, (time.perf_counter() - started) * 1000, (time.thread_time() - started_cpu) * 1000

    return run


class ShowWhyController(QObject):
    # A view was updated: its name ("heat", "inside", "compare"), the milliseconds
    # its work took, wall-clock and CPU (for the benchmark and the curious).
    view_updated = Signal(str, float, float)

    def __init__(
        self,
        canvas: DrawingCanvas,
        preview: ModelInputView,
        recognizer: Recognizer,
        workers: WorkerPool,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._canvas = canvas
        self._preview = preview
        self._recognizer = recognizer
        self._window = window
        self._engines: Engines | None = None
        self._reading: Reading | None = None
        # In number mode, the selected digit's box in paper units (None outside number mode):
        # the views show that digit, and the tutorial networks are fed it alone.
        self._digit_box: tuple[float, float, float, float] | None = None
        self._in_number = False
        self._strokes: list = []  # the strokes of the last reading (for the heat map's place)
        self.heat_action = self._toggle(self.tr("&Why this digit?"), self.tr("Colour the ink that made the model choose its digit"))
        self.inside_action = self._toggle(self.tr("&Look inside the network"), self.tr("Every layer of the network, live as you draw"))
        self.compare_action = self._toggle(
            self.tr("&Compare with the tutorial networks"), self.tr("The classic MNIST tutorials' networks read the same drawing")
        )
        self.heat_action.toggled.connect(self._heat_toggled)
        self.inside_action.toggled.connect(self._inside_toggled)
        self.compare_action.toggled.connect(self._compare_toggled)
        self._heat_job = NewestOnly(workers, self)
        self._inside_job = NewestOnly(workers, self)
        self._compare_job = NewestOnly(workers, self)
        self._heat_throttle = Throttle(1000 // HEAT_MAPS_PER_SECOND, lambda: self._later("heat"), self)
        self._inside_throttle = Throttle(1000 // INSIDE_PER_SECOND, lambda: self._later("inside"), self)
        self._compare_throttle = Throttle(1000 // COMPARISONS_PER_SECOND, lambda: self._later("compare"), self)
        self._updates = {"heat": self._update_heat, "inside": self._update_inside, "compare": self._update_compare}
        self._due: set[str] = set()  # views whose update waits for their turn
        self._arrived: dict[str, Callable[[], None]] = {}  # results that wait to be shown
        self._stale: set[str] = set()  # views not updated while their window was minimised
        self._turn_posted = False
        self._turn_timer = QTimer(self)  # the turn when no reading comes
        self._turn_timer.setSingleShot(True)
        self._turn_timer.setInterval(TURN_AT_THE_LATEST_MS)
        self._turn_timer.timeout.connect(self._post_turn_now)
        self._updating_timer = QTimer(self)  # marks the windows as updating, if the wait lasts
        self._updating_timer.setSingleShot(True)
        self._updating_timer.setInterval(MARK_UPDATING_AFTER_MS)
        self._updating_timer.timeout.connect(self._mark_updating)
        # Whether the wait has lasted long enough to be marked, and still lasts: a view that shows
        # the last reading again meanwhile (its other preparation chosen, its window opened, an update
        # asked for before the wait began landing now) is still no answer to what the canvas shows.
        self._marked = False
        self.canvas_overlay: HeatMapOverlay | None = None
        self.preview_overlay: HeatMapOverlay | None = None
        self.inside_window: InsideWindow | None = None
        self.compare_window: CompareWindow | None = None
        recognizer.reading_changed.connect(self._reading_changed)
        recognizer.model_changed.connect(self._model_changed)

    def populate_menu(self, menu: QMenu) -> None:
        menu.addActions([self.heat_action, self.inside_action, self.compare_action])

    def actions(self) -> list[QAction]:
        return [self.heat_action, self.inside_action, self.compare_action]

    def is_busy(self) -> bool:
        """Whether a view is still being computed or shown (for tests and benchmarks)."""
        jobs = (self._heat_job, self._inside_job, self._compare_job)
        throttles = (self._heat_throttle, self._inside_throttle, self._compare_throttle)
        return bool(self._due or self._arrived) or any(job.is_busy() for job in jobs) or any(
            throttle.is_pending() for throttle in throttles
        )

    def _submit(
        self, job: NewestOnly, name: str, work: Callable[[], Any], show: Callable[[Any], None], failed: Any
    ) -> None:
        def shown(outcome: tuple[Any, float, float]) -> None:
            result, wall_ms, cpu_ms = outcome

            def now() -> None:
                show(result)
                self.view_updated.emit(name, wall_ms, cpu_ms)

            self._arrived[name] = now
            self._post_turn()

        def went_wrong(error: Exception) -> None:
            self._arrived[name] = lambda: show(failed)
            self._post_turn()

        job.submit(timed(work), shown, went_wrong)

    # --- the views' turn on the UI thread ----------------------------------------------------

    def _later(self, name: str) -> None:
        """Update view ``name`` in the views' next turn."""
        self._due.add(name)
        self._post_turn()

    def _post_turn(self) -> None:
        """Ask for a turn: after the next reading, or at the latest in TURN_AT_THE_LATEST_MS."""
        if not self._turn_posted and not self._turn_timer.isActive():
            self._turn_timer.start()

    def _post_turn_now(self) -> None:
        self._turn_timer.stop()
        if not self._turn_posted:
            self._turn_posted = True
            QCoreApplication.postEvent(self, QEvent(AFTER_FRAME), AFTER_FRAME_PRIORITY)

    def event(self, event: QEvent) -> bool:
        if event.type() != AFTER_FRAME:
            return super().event(event)
        self._turn_posted = False
        arrived, self._arrived = self._arrived, {}
        for show in arrived.values():
            show()
        # Painted now, in this turn: left to Qt, a window repaints a few milliseconds
        # later, at a moment that may be the pen's next reading's.
        for name, window in (("inside", self.inside_window), ("compare", self.compare_window)):
            if name in arrived and window is not None and window.isVisible():
                QCoreApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
        due, self._due = self._due, set()
        for name in VIEWS:
            if name in due:
                self._updates[name]()
        return True

    def _stop(self, name: str, job: NewestOnly) -> None:
        job.stop()
        self._due.discard(name)
        self._arrived.pop(name, None)
        self._stale.discard(name)

    def _waits_while_minimised(self, name: str) -> bool:
        """Whether view ``name``'s window is minimised; if so the view is marked to be updated when it comes back."""
        window = {"inside": self.inside_window, "compare": self.compare_window}.get(name)
        if window is not None and window.isMinimized():
            self._stale.add(name)
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.WindowStateChange, QEvent.Type.Show) and not watched.isMinimized():
            for name, window in (("inside", self.inside_window), ("compare", self.compare_window)):
                if watched is window and name in self._stale:
                    self._stale.discard(name)
                    self._later(name)
        return False

    def _toggle(self, text: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setStatusTip(tip)
        return action

    # --- following the reading -----------------------------------------------------------

    def show_digit(self, reading: Reading, box: tuple[float, float, float, float] | None) -> None:
        """Number mode: follow the digit in view, ``reading`` and its ``box`` in paper units
        (None, with the number's reason, when it has no digit)."""
        self._follow(reading, True, box)

    def _reading_changed(self, reading: Reading) -> None:
        self._follow(reading, False, None)

    def _follow(self, reading: Reading, in_number: bool, box: tuple[float, float, float, float] | None) -> None:
        if is_in_between(reading):
            # No drawing to show: the views keep the last reading until the next arrives.
            self._updating_timer.start()
            return
        self._updating_timer.stop()  # each window stops being marked as it shows its update
        self._marked = False
        self._reading, self._in_number, self._digit_box = reading, in_number, box
        if self.heat_action.isChecked():
            self._strokes = self._canvas.strokes()  # the very strokes this reading read
            self._heat_throttle.request()
        if self.inside_action.isChecked():
            self._inside_throttle.request()
        if self.compare_action.isChecked():
            self._compare_throttle.request()
        if self._due or self._arrived:
            self._post_turn_now()  # queued behind this reading's paint

    def _mark_updating(self) -> None:
        self._marked = True
        for window in (self.inside_window, self.compare_window):
            if window is not None and window.isVisible():
                window.set_updating(True)

    def _model_changed(self, model: LoadedModel) -> None:
        self._engines = Engines(model)  # the reading that follows updates the views

    def _ready(self) -> tuple[Engines, Reading] | None:
        if self._engines is None or self._reading is None:
            return None
        return self._engines, self._reading

    # --- why this digit -----------------------------------------------------------------------

    def _heat_toggled(self, on: bool) -> None:
        if on:
            if self.canvas_overlay is None:
                self._make_overlays()
            self._strokes = self._canvas.strokes()
            self._update_heat()
        else:
            self._stop("heat", self._heat_job)
            for overlay in (self.canvas_overlay, self.preview_overlay):
                if overlay is not None:
                    overlay.show_picture(None)
                    overlay.hide()

    def _make_overlays(self) -> None:
        canvas, preview = self._canvas, self._preview

        def paper() -> QRectF:
            return canvas.viewport_rect()  # what is in view of the paper (all of it, but for a picture zoomed in)

        def on_canvas(picture: HeatPicture) -> QRectF | None:
            return None if picture.field is None else rect_on_paper(canvas.paper_rect(), *picture.field)

        def on_preview(picture: HeatPicture) -> QRectF | None:
            return QRectF(preview.pixels_rect()) if picture.field is None else None

        self.canvas_overlay = HeatMapOverlay(canvas, on_canvas, paper, legend=True)
        self.preview_overlay = HeatMapOverlay(preview, on_preview, lambda: QRectF(preview.pixels_rect()), legend=False)

    def _update_heat(self) -> None:
        ready = self._ready()
        if ready is None or not self.heat_action.isChecked():
            return
        engines, reading = ready
        # A picture's map, or a number's digit's, lies over what the model sees: only one
        # digit's strokes alone have their place on the canvas worked out.
        beside = self._canvas.drawing().image is not None or self._in_number
        strokes = self._strokes
        # Where the map will lie on the canvas, as the canvas is now: the worker scales
        # the map to that place, and the canvas only copies it on each pen move.
        paper, ratio = QRectF(self._canvas.paper_rect()), self._canvas.devicePixelRatioF()

        def work() -> tuple[HeatPicture | None, bool]:
            from dataclasses import replace

            from ..explain import explain, field_rect, lies_as_read, stroke_ink_box
            from .heat_map import heat_picture, scale_map

            if reading.pixels is None:
                return None, False
            field = None
            leaning = not beside and not lies_as_read(strokes)
            if not beside and not leaning:
                box = stroke_ink_box(strokes)
                field = field_rect(reading.pixels, box) if box is not None else None
            picture = heat_picture(explain(engines.classifier(), reading.pixels), reading.pixels, field, reading.is_digit)
            if field is None:
                return picture, leaning
            clip = rect_on_paper(paper, 0, 0, PAPER_SIDE, PAPER_SIDE)
            return replace(picture, scaled=scale_map(picture.image, rect_on_paper(paper, *field), clip, ratio)), False

        # What a result says of number mode is the mode it was asked in: it may land after the mode changed.
        in_number = self._in_number
        self._submit(self._heat_job, "heat", work, lambda result: self._show_heat(*result, in_number), (None, False))

    def _show_heat(self, picture: HeatPicture | None, leaning: bool, in_number: bool) -> None:
        if not self.heat_action.isChecked() or self.canvas_overlay is None or self.preview_overlay is None:
            return
        on_picture = picture is not None and picture.field is None
        note = (NUMBER_NOTE if in_number else LEANING_NOTE if leaning else PICTURE_NOTE) if on_picture else ""
        self.canvas_overlay.show_picture(picture, note)
        self.preview_overlay.show_picture(picture if on_picture else None)
        self.canvas_overlay.setVisible(picture is not None)
        self.preview_overlay.setVisible(on_picture)
        for overlay in (self.canvas_overlay, self.preview_overlay):
            overlay.raise_()

    # --- look inside ----------------------------------------------------------------------------

    def _inside_toggled(self, on: bool) -> None:
        if on:
            if self.inside_window is None:
                from .inside_view import InsideWindow

                self.inside_window = InsideWindow(self._window)
                self.inside_window.closed.connect(lambda: self.inside_action.setChecked(False))
                self.inside_window.installEventFilter(self)
            self._place_beside(self.inside_window, 0)
            self.inside_window.set_updating(self._marked)  # what it showed when closed is older still
            self.inside_window.show()
            self._update_inside()
        else:
            self._stop("inside", self._inside_job)
            if self.inside_window is not None:
                self.inside_window.hide()

    def _update_inside(self) -> None:
        ready = self._ready()
        if ready is None or not self.inside_action.isChecked() or self._waits_while_minimised("inside"):
            return
        engines, reading = ready
        in_number = self._in_number

        def work() -> list | str:
            from ..classifier import ModelError
            from ..inside import NO_ACTIVATIONS
            from .inside_view import NOTHING_DRAWN, NOTHING_DRAWN_IN_NUMBER, layer_pictures

            try:
                inside = engines.inside()
            except ModelError:
                return UNREADABLE_ACTIVATIONS
            if inside is None:
                return NO_ACTIVATIONS
            if reading.pixels is None:
                return NOTHING_DRAWN_IN_NUMBER if in_number else NOTHING_DRAWN
            return layer_pictures(inside.layers(reading.pixels))

        self._submit(self._inside_job, "inside", work, lambda result: self._show_inside(result, in_number), VIEW_FAILED)

    def _show_inside(self, result: list | str, in_number: bool) -> None:
        if self.inside_window is None or not self.inside_action.isChecked():
            return
        self.inside_window.set_digit_of_a_number(in_number)
        if isinstance(result, str):
            self.inside_window.show_note(self.tr(result))
        else:
            self.inside_window.show_layers(result)
        self.inside_window.set_updating(self._marked)

    # --- compare ----------------------------------------------------------------------------------

    def _compare_toggled(self, on: bool) -> None:
        if on:
            if self.compare_window is None:
                from .compare_view import CompareWindow

                self.compare_window = CompareWindow(self._window)
                self.compare_window.closed.connect(lambda: self.compare_action.setChecked(False))
                self.compare_window.installEventFilter(self)
                self.compare_window.way_changed.connect(lambda _way: self._update_compare())
            self._place_beside(self.compare_window, 1)
            self.compare_window.set_updating(self._marked)
            self.compare_window.show()
            self._update_compare()
        else:
            self._stop("compare", self._compare_job)
            if self.compare_window is not None:
                self.compare_window.hide()

    def _update_compare(self) -> None:
        ready = self._ready()
        if ready is None or not self.compare_action.isChecked() or self.compare_window is None:
            return
        if self._waits_while_minimised("compare"):
            return
        engines, reading = ready
        way = self.compare_window.way()
        # The canvas as a tutorial's app would save it. A picture is painted here
        # (the canvas lives on the UI thread); strokes, the common case while the
        # pen moves, are drawn in the worker at the widths the user sees.
        drawing = self._canvas.drawing()
        shown = self._canvas.to_image() if drawing.image is not None and reading.pixels is not None else None
        strokes = self._canvas.strokes()
        widths = [stroke.width for stroke in drawing.strokes]
        widths += [self._canvas.brush_size()] * (len(strokes) - len(widths))  # the stroke being drawn
        digit_box = self._digit_box  # number mode: the tutorials are fed that digit's part of the canvas

        def work():
            from ..classifier import ModelError
            from ..preprocess import ModelInput
            from ..tutorial_networks import render_canvas
            from .compare_view import Comparison, canvas_pixels, digit_square

            try:
                tutorials = engines.tutorials()
            except ModelError:
                return TUTORIALS_UNAVAILABLE
            if reading.pixels is None:
                return None
            canvas = canvas_pixels(shown) if shown is not None else render_canvas(strokes, int(PAPER_SIDE), widths)
            if digit_box is not None:
                canvas = digit_square(canvas, digit_box)
            readings = tutorials.compare(engines.classifier(), ModelInput(reading.pixels), canvas, way)
            return Comparison(way, readings, {r.name: r.fed for r in readings})

        in_number = self._in_number
        self._submit(self._compare_job, "compare", work, lambda result: self._show_compare(result, in_number), VIEW_FAILED)

    def _show_compare(self, result, in_number: bool) -> None:
        """A Comparison, None (nothing drawn: empty columns) or a note saying why there is none,
        for the selected digit of a number if ``in_number``."""
        if self.compare_window is None or not self.compare_action.isChecked():
            return
        self.compare_window.set_digit_of_a_number(in_number)
        if isinstance(result, str):
            self.compare_window.show_note(self.tr(result))
        else:
            self.compare_window.show_comparison(result)
        self.compare_window.set_updating(self._marked)

    # --- placing the windows ------------------------------------------------------------------

    def _place_beside(self, view: QWidget, slot: int) -> None:
        """Put a view's window beside the main window the first time it opens
        (the inside view on the right, the comparison below it), where the screen has room."""
        if view.property("placed"):
            return
        view.setProperty("placed", True)
        frame = self._window.frameGeometry()
        screen = self._window.screen().availableGeometry()
        x = min(frame.right() + 8, max(screen.left(), screen.right() - view.width()))
        y = frame.top() + slot * 60
        view.move(QPoint(x, min(y, max(screen.top(), screen.bottom() - view.height()))))

"""A view's contents dimmed while a new reading is on its way, so that the last one stays in
view (the Look inside and Compare windows, while an edited picture is read again)."""

from __future__ import annotations

from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

UPDATING_OPACITY = 0.45  # still readable, plainly not the answer to what is on the canvas now


class UpdatingMark:
    """Dims ``contents`` while on; ``note`` is added to ``view``'s accessible description meanwhile."""

    def __init__(self, view: QWidget, contents: QWidget, note: str) -> None:
        self._view = view
        self._contents = contents
        self._note = note
        self._effect: QGraphicsOpacityEffect | None = None

    def set_on(self, on: bool) -> None:
        if on == self.is_on():
            return
        if on:
            # Made anew each time: the widget takes the effect over, and deletes it when it is removed.
            self._effect = QGraphicsOpacityEffect(self._contents)
            self._effect.setOpacity(UPDATING_OPACITY)
            self._contents.setGraphicsEffect(self._effect)
            self._view.setAccessibleDescription(self._note)
        else:
            self._contents.setGraphicsEffect(None)  # deletes the effect
            self._effect = None
            self._view.setAccessibleDescription("")

    def is_on(self) -> bool:
        return self._effect is not None

"""How the canvas and the reading panel share the window at every size.

The canvas is square paper, so it gets the largest square that fits beside the
panel's smallest width; the panel gets the width left beside it, up to a share
of the canvas's side, and scales its type to that room (``ReadingPanel``
does). In presentation mode the reading comes first: the canvas gives up width
until the panel is as wide as it. What little width is left over at very wide windows is split evenly on
both outer sides, so canvas and panel stay together in the middle rather than
one of them drifting to an edge.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem

MIN_CANVAS = 300  # pixels a side: smaller and a digit is hard to draw
PANEL_MIN_WIDTH = 220
PANEL_SHARE = 0.8  # the panel's widest, as a share of the canvas's side
PRESENTATION_PANEL_SHARE = 1.0  # a teacher's screen: the reading as wide as the drawing
SPACING = 10


class CanvasBesidePanel(QLayout):
    """The canvas (square, as large as fits) and the panel beside it, side by side."""

    def __init__(self, canvas: QWidget, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.panel_share = PANEL_SHARE
        self.reading_first = False
        # addChildWidget makes the layout the widgets' manager; the items are its own.
        for widget in (canvas, panel):
            self.addChildWidget(widget)
            self._items.append(QWidgetItem(widget))
        self.setSpacing(SPACING)

    def set_panel_share(self, share: float, reading_first: bool = False) -> None:
        """The panel's widest as a share of the canvas; ``reading_first``: the canvas
        shrinks to give the panel that share."""
        self.panel_share = share
        self.reading_first = reading_first
        self.invalidate()

    # --- QLayout -----------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def sizeHint(self) -> QSize:  # noqa: N802
        side = self._items[0].sizeHint().height()
        return self._with_margins(QSize(side + self.spacing() + round(side * PANEL_SHARE), side))

    def minimumSize(self) -> QSize:  # noqa: N802
        panel = self._items[1].minimumSize()
        width = MIN_CANVAS + self.spacing() + max(PANEL_MIN_WIDTH, panel.width())
        return self._with_margins(QSize(width, max(MIN_CANVAS, panel.height())))

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        canvas, panel = self.split(self.contentsRect())
        self._items[0].setGeometry(canvas)
        self._items[1].setGeometry(panel)

    def split(self, area: QRect) -> tuple[QRect, QRect]:
        """Where the canvas and the panel go in ``area``."""
        spacing = self.spacing()
        side = max(1, min(area.height(), area.width() - spacing - PANEL_MIN_WIDTH))
        if self.reading_first:
            side = min(side, round((area.width() - spacing) / (1 + self.panel_share)))
        panel_width = min(area.width() - side - spacing, max(PANEL_MIN_WIDTH, round(side * self.panel_share)))
        left = area.left() + max(0, (area.width() - side - spacing - panel_width) // 2)
        top = area.top() + (area.height() - side) // 2
        return QRect(left, top, side, side), QRect(left + side + spacing, area.top(), panel_width, area.height())

    def _with_margins(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

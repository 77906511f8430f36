"""Live curves of the training loss and accuracy, painted by hand.

Qt Charts is not part of PySide6-Essentials, and two polylines do not need it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LOSS_COLOUR = QColor("#d9534f")
ACCURACY_COLOUR = QColor("#2e86de")


class TrainingChart(QWidget):
    """Loss (left scale, from 0 to its largest value) and accuracy (right scale,
    0-100%) against training progress (0 to 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loss: list[tuple[float, float]] = []
        self._accuracy: list[tuple[float, float]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Training curves"))
        self.setAccessibleDescription(self.tr("Loss and accuracy of the model while it trains"))

    def sizeHint(self) -> QSize:
        return QSize(480, 260)  # curves a run's ups and downs can be read in; the minimum is for small screens

    def add_point(self, progress: float, loss: float | None, accuracy: float | None) -> None:
        if loss is not None:
            self._loss.append((progress, loss))
        if accuracy is not None:
            self._accuracy.append((progress, accuracy))
        self.update()

    def clear(self) -> None:
        self._loss.clear()
        self._accuracy.clear()
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        margin = metrics.height()
        plot = QRectF(self.rect()).adjusted(margin * 2.5, margin * 1.5, -margin * 3, -margin * 1.2)
        painter.fillRect(plot, palette.color(QPalette.ColorRole.Base))
        grid = QColor(text)
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1))
        for i in range(5):
            y = plot.top() + plot.height() * i / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        top_loss = max((value for _, value in self._loss), default=1.0) or 1.0
        self._draw_curve(painter, plot, self._loss, top_loss, LOSS_COLOUR)
        self._draw_curve(painter, plot, self._accuracy, 1.0, ACCURACY_COLOUR)
        painter.setPen(LOSS_COLOUR)
        painter.drawText(QRectF(0, 0, plot.left() + margin * 4, margin * 1.3), Qt.AlignmentFlag.AlignLeft, " " + self.tr("loss"))
        painter.drawText(QRectF(0, plot.top() - margin * 0.5, plot.left() - 4, margin), Qt.AlignmentFlag.AlignRight, f"{top_loss:.2g}")
        painter.setPen(ACCURACY_COLOUR)
        painter.drawText(QRectF(plot.right() - margin * 6, 0, margin * 9, margin * 1.3), Qt.AlignmentFlag.AlignRight, self.tr("accuracy") + " ")
        painter.drawText(QRectF(plot.right() + 4, plot.top() - margin * 0.5, margin * 3, margin), Qt.AlignmentFlag.AlignLeft, "100%")
        painter.drawText(QRectF(plot.right() + 4, plot.bottom() - margin * 0.5, margin * 3, margin), Qt.AlignmentFlag.AlignLeft, "0%")
        painter.setPen(text)
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), margin), Qt.AlignmentFlag.AlignCenter, self.tr("progress"))

    @staticmethod
    def _draw_curve(painter: QPainter, plot: QRectF, points: list[tuple[float, float]], top: float, colour: QColor) -> None:
        if len(points) < 2:
            return
        path = QPainterPath()
        for index, (x, y) in enumerate(points):
            point = QPointF(plot.left() + plot.width() * x, plot.bottom() - plot.height() * min(y / top, 1.0))
            path.moveTo(point) if index == 0 else path.lineTo(point)
        painter.setPen(QPen(colour, 2))
        painter.drawPath(path)

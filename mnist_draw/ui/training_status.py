"""The training's place in the status bar: its name and how far it is, a click
away from its dialog, with Cancel beside it. Hidden when nothing trains."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QToolButton, QWidget

BAR_WIDTH = 110


class _ClickableBar(QProgressBar):
    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        event.accept()


class TrainingStatus(QWidget):
    """Shows one run: running (with its percentage), ready for review, or failed."""

    open_requested = Signal()  # show the training's dialog
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.open_requested)
        self.bar = _ClickableBar()
        self.bar.setFixedWidth(BAR_WIDTH)
        self.bar.setMaximumHeight(self.button.sizeHint().height() - 6)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Training progress"))
        self.bar.setToolTip(self.tr("Show the training"))
        self.bar.clicked.connect(self.open_requested)
        self.cancel_button = QToolButton()
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the training; the model in use does not change"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout.addWidget(self.button)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def text(self) -> str:
        return self.button.text()

    def show_running(self, activity: str, fraction: float | None) -> None:
        """``fraction`` None: busy without a measure (loading, exporting)."""
        if fraction is None:
            self.bar.setRange(0, 0)
            self.button.setText(self.tr("{activity}…").format(activity=activity))
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(fraction * 1000))
            self.button.setText(self.tr("{activity}: {percent}%").format(activity=activity, percent=int(fraction * 100)))
        self.button.setToolTip(self.tr("Show the training"))
        self.bar.show()
        self.cancel_button.show()
        self.show()

    def show_ready(self) -> None:
        self.button.setText(self.tr("New model ready: compare…"))
        self.button.setToolTip(self.tr("Compare the new model with the one in use, then keep it or not"))
        self.bar.hide()
        self.cancel_button.hide()
        self.show()

    def show_failed(self) -> None:
        self.button.setText(self.tr("Training failed: details…"))
        self.button.setToolTip(self.tr("Why the training stopped; the model in use has not changed"))
        self.bar.hide()
        self.cancel_button.hide()
        self.show()

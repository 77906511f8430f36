"""Model > Correct this reading: "which digit did you draw?" as ten digit buttons.

A small popup over the reading panel, quicker than typing into a box: click a
digit, press its key, or move with the arrow keys and press Enter; Esc or a
click elsewhere closes it without keeping anything. The digit the model read is
marked, so the user sees what they are correcting.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..reading import DIGITS


class CorrectionPopup(QFrame):
    digit_chosen = Signal(int)

    def __init__(self, model_read: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAccessibleName(self.tr("Correct this reading"))
        question = QLabel(self.tr("Which digit did you draw?"), self)
        bold = QFont(question.font())
        bold.setBold(True)
        question.setFont(bold)
        hint = QLabel(self.tr("Click it or press its key; Esc to cancel."), self)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # a hint's muted colour, in any theme
        row = QHBoxLayout()
        row.setSpacing(4)
        self.buttons: list[QPushButton] = []
        side = self.fontMetrics().height() * 2
        for digit in range(DIGITS):
            button = QPushButton(str(digit), self)
            button.setFixedSize(side, side)
            button.setFont(bold)
            button.setAccessibleName(self.tr("This is a {digit}").format(digit=digit))
            button.setAutoDefault(True)  # Enter presses the focused digit
            if digit == model_read:
                button.setCheckable(True)
                button.setChecked(True)  # shown pressed in: what the model read
                button.setToolTip(self.tr("The model read {digit}").format(digit=digit))
            button.clicked.connect(lambda _=False, d=digit: self.choose(d))
            row.addWidget(button)
            self.buttons.append(button)
        for before, after in zip(self.buttons, self.buttons[1:]):
            QWidget.setTabOrder(before, after)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(question)
        layout.addLayout(row)
        layout.addWidget(hint)

    def show_over(self, anchor: QWidget) -> None:
        """Show centred at the top of ``anchor``, with the keyboard in the buttons."""
        self.adjustSize()
        self.show()  # shown first: its final size is known only then
        top_left = anchor.mapToGlobal(QPoint((anchor.width() - self.width()) // 2, 0))
        # Inside the window when it fits there (a narrow panel), and always on screen.
        x, y = top_left.x(), top_left.y()
        for bounds in (anchor.window().geometry(), anchor.screen().availableGeometry()):
            if bounds.width() >= self.width():
                x = min(max(x, bounds.left()), bounds.right() + 1 - self.width())
            if bounds.height() >= self.height():
                y = min(max(y, bounds.top()), bounds.bottom() + 1 - self.height())
        self.move(x, y)
        self.buttons[0].setFocus(Qt.FocusReason.PopupFocusReason)

    def choose(self, digit: int) -> None:
        self.close()
        self.digit_chosen.emit(digit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isdigit():
            self.choose(int(text))
            return
        focused = self.focusWidget()
        if focused in self.buttons and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if event.key() == Qt.Key.Key_Left else 1
            self.buttons[(self.buttons.index(focused) + step) % DIGITS].setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)

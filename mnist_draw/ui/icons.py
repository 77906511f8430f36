"""Icons: the program's own (the window and the task bar) and the desktop theme's for actions."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QWidget

from .. import resources

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resources.icon_path(f"mnist-draw-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def themed_icon(widget: QWidget, theme_name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    """The desktop theme's icon, else the style's own, else none (the button shows its text)."""
    icon = QIcon.fromTheme(theme_name)
    if icon.isNull() and fallback is not None:
        icon = widget.style().standardIcon(fallback)
    return icon

"""The program's icon and the desktop theme's action icons."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QWidget

from mnist_draw.ui.icons import app_icon, themed_icon


def test_the_app_icon_has_every_size():
    icon = app_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


def test_a_theme_icon_missing_from_the_theme_falls_back_to_the_style(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    assert not themed_icon(widget, "no-such-icon-anywhere", QStyle.StandardPixmap.SP_DialogOpenButton).isNull()
    assert themed_icon(widget, "no-such-icon-anywhere").isNull()

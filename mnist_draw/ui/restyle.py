"""The events after which what a widget worked out from its font and palette is stale.

Widgets that repaint with every live reading (the bars, the heat map) work out
colours, fonts and sizes once and redo it only after one of these.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent

RESTYLE_EVENTS = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.ApplicationFontChange,
        QEvent.Type.ApplicationPaletteChange,
    }
)

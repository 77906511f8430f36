"""The window's language: Qt's own texts and mnist-draw's, in the user's language when
a translation exists, else the English the source is written in.

The texts are marked in the source with ``self.tr`` / ``QCoreApplication.translate``;
the README's "Translating" section gives the two commands that turn them into
a translation (``pyside6-lupdate``, then ``pyside6-lrelease``).

Many texts are templates the window fills in with ``str.format`` ("Read {name}").
A translation whose placeholders differ from its source's ("{nmae}", a lost
brace) would raise inside the slot that fills it in, so mnist-draw's catalogue
is read through :class:`CheckedTranslator`, which never hands out such a
translation: that one text shows in English, filled in as the source is, and
the log names it. Every text passes through here, so no call site needs to care.
"""

from __future__ import annotations

import logging
from pathlib import Path
from string import Formatter

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resources import translations_dir

log = logging.getLogger(__name__)

CATALOGUE = "mnist_draw"  # mnist_draw_de.qm, mnist_draw_fr.qm, ...


def _placeholders(text: str) -> set[tuple[str, str | None, str | None]] | None:
    """The fields ``str.format`` fills in ``text`` (name, conversion, format); None if it cannot read it."""
    try:
        return {(name, conversion, spec) for _, name, spec, conversion in Formatter().parse(text) if name is not None}
    except ValueError:  # a lone brace
        return None


def fits(source: str, translation: str) -> bool:
    """Whether ``translation`` fills in exactly the placeholders ``source`` does, so
    that the values given for the source fill it in without an error. The order may
    differ; a placeholder may not be dropped (its value would never be seen), nor added."""
    if not any(brace in text for text in (source, translation) for brace in "{}"):
        return True  # most texts: nothing to fill in
    expected = _placeholders(source)
    if expected is None:
        return True  # a lone brace in the source: not a template, never filled in
    return _placeholders(translation) == expected


class CheckedTranslator(QTranslator):
    """A catalogue that gives no translation for a text it does not :func:`fits`: Qt then
    shows the source text, which the window fills in as it always does."""

    def __init__(self, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self._refused: set[tuple[str, str]] = set()  # logged once each: a text may be shown at every stroke

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        translation = super().translate(context, source, disambiguation, n)
        if not translation:
            return None  # not here (a null string): Qt asks the next catalogue, then shows the source
        if fits(source, translation):
            return translation
        if (context, source) not in self._refused:
            self._refused.add((context, source))
            log.warning("The translation of %r (%s) does not fill in the same {placeholders}: %r. The English is shown.", source, context, translation)
        return source


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """Install the translations for ``locale`` (default: the system's); the ones found."""
    locale = locale or QLocale.system()
    folder = folder or translations_dir()
    wanted = [
        (QTranslator, "qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),  # Qt's buttons: OK, Cancel
        (CheckedTranslator, CATALOGUE, str(folder)),
    ]
    installed = []
    for kind, name, where in wanted:
        translator = kind(app)
        if translator.load(locale, name, "_", where):
            app.installTranslator(translator)
            installed.append(translator)
    return installed

"""The window's language: Qt's own texts and mnist-draw's, in the user's language when
a translation exists, else the English the source is written in.

The texts are marked in the source with ``self.tr`` / ``QCoreApplication.translate``;
the README's "Translating" section gives the two commands that turn them into
a translation (``pyside6-lupdate``, then ``pyside6-lrelease``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resources import translations_dir

CATALOGUE = "mnist_draw"  # mnist_draw_de.qm, mnist_draw_fr.qm, ...


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """Install the translations for ``locale`` (default: the system's); the ones found."""
    locale = locale or QLocale.system()
    folder = folder or translations_dir()
    wanted = [
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),  # Qt's buttons: OK, Cancel
        (CATALOGUE, str(folder)),
    ]
    installed = []
    for name, where in wanted:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where):
            app.installTranslator(translator)
            installed.append(translator)
    return installed

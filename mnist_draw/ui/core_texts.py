"""The core's texts, in the window's language.

The core (``mnist_draw/*.py``) never imports Qt, so it cannot mark its texts for
Qt's translation tools. Its fixed phrases that the window shows (why there is
nothing to read, why a drawing is no number) are marked here instead, in the
context ``core``, and translated where the window shows them, through
``core_text``. A core text with a file name or a number in it (a model file's
``ModelError``, a store error) has no fixed phrase to look up: it stays in English.

How the window names a model ("your model", "the bundled model") is worded
here too, from the model's source, rather than taken from ``LoadedModel.label``,
which is the command line's English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from ..model_store import LoadedModel

CONTEXT = "core"

# Each exactly as the core writes it (tests/ui/test_core_texts.py checks they still are).
PHRASES = (
    # preprocess.py: why a drawing or a picture holds nothing to read
    QT_TRANSLATE_NOOP("core", "Nothing drawn yet."),
    QT_TRANSLATE_NOOP("core", "The drawing's points lie out of range: nothing to read."),
    QT_TRANSLATE_NOOP("core", "Only a dot: draw a whole digit."),
    QT_TRANSLATE_NOOP("core", "The image is too small to hold a digit."),
    QT_TRANSLATE_NOOP("core", "The image is a thin strip, too thin to hold a digit."),
    QT_TRANSLATE_NOOP("core", "The image is blank: no digit found."),
    QT_TRANSLATE_NOOP("core", "Only a dot: no digit found in the image."),
    QT_TRANSLATE_NOOP("core", "Only a blot of ink: no digit found in the image."),
    QT_TRANSLATE_NOOP("core", "Only a pattern (lines, hatching, a weave, print or noise): no digit found in the image."),
    QT_TRANSLATE_NOOP("core", "Only an empty box or frame: no digit found in the image."),
    QT_TRANSLATE_NOOP("core", "The marks found are too small to read as one digit: read them as a number, or crop the picture round one digit."),
    # number.py: why a drawing is no number
    QT_TRANSLATE_NOOP("core", "The image is blank: no number found."),
    QT_TRANSLATE_NOOP("core", "Only a line: no number found in the image."),
    QT_TRANSLATE_NOOP("core", "Only a blot of ink: no number found in the image."),
    QT_TRANSLATE_NOOP("core", "Only blots of ink: no number found in the image."),
    QT_TRANSLATE_NOOP("core", "Only dots: write a number."),
    QT_TRANSLATE_NOOP("core", "Only a dot: write a number."),
    QT_TRANSLATE_NOOP("core", "Only a pattern, no digits: no number found in the image."),
    QT_TRANSLATE_NOOP("core", "Only an empty box or frame: no number found in the image."),
    QT_TRANSLATE_NOOP("core", "Lines of print or text, not a handwritten number: crop the picture round the number."),
    QT_TRANSLATE_NOOP("core", "The mark is not a digit: write a number."),
    # reading.py: the reason of a reading the model turned away
    QT_TRANSLATE_NOOP("core", "not a digit"),
    # stroke_shape.py: what in the strokes alone makes a drawing a letter
    QT_TRANSLATE_NOOP("core", "The dot above makes it look like an i or a j."),
    QT_TRANSLATE_NOOP("core", "The bar on top of a stem makes it look like a T."),
    QT_TRANSLATE_NOOP("core", "The tail across the ring makes it look like a Q."),
    QT_TRANSLATE_NOOP("core", "The bowl on the right of a straight stem makes it look like a b, a B, a P or an R."),
    QT_TRANSLATE_NOOP("core", "The bar drawn in to the end of the curve makes it look like a G."),
    QT_TRANSLATE_NOOP("core", "The short bar across the top of the stem makes it look like a t."),
)


def core_text(text: str | None) -> str:
    """``text`` from the core in the window's language: its translation when it is
    one of the core's fixed phrases and a translation is installed, else as it is."""
    if not text:
        return ""
    return QCoreApplication.translate(CONTEXT, text)


def model_label(model: LoadedModel) -> str:
    """A short name for the status bar: "your model (MNIST 99.40%)"."""
    names = {
        "bundled": QCoreApplication.translate("core", "bundled model"),
        "user": QCoreApplication.translate("core", "your model"),
        "file": QCoreApplication.translate("core", "model file"),
    }
    name = names.get(model.source, model.source)
    accuracy = model.card.mnist_test_accuracy if model.card else None
    if accuracy is None:
        return name
    return QCoreApplication.translate("core", "{name} (MNIST {accuracy})").format(name=name, accuracy=f"{accuracy:.2%}")


def model_in_words(model: LoadedModel) -> str:
    """The model as a sentence names it: "the bundled model", "your model"."""
    if model.source == "bundled":
        return QCoreApplication.translate("core", "the bundled model")
    if model.source == "user":
        return QCoreApplication.translate("core", "your model")
    return QCoreApplication.translate("core", "the model file {name}").format(name=model.classifier.path.name)

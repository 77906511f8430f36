"""The core's fixed phrases the window translates are still the core's words, and
the window names a model in its own (translatable) words."""

from __future__ import annotations

import ast
from pathlib import Path

from mnist_draw.ui.core_texts import PHRASES, core_text

CORE = Path(__file__).resolve().parents[2] / "mnist_draw"


def core_literals() -> set[str]:
    found = set()
    for path in CORE.glob("*.py"):  # the core: mnist_draw/*.py, not ui/ or training/
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_every_marked_phrase_is_written_so_in_the_core():
    literals = core_literals()
    assert [phrase for phrase in PHRASES if phrase not in literals] == []


def test_a_phrase_without_a_translation_stays_as_the_core_wrote_it(qapp):
    assert core_text("Only a dot: draw a whole digit.") == "Only a dot: draw a whole digit."
    assert core_text("model.tflite is damaged, cut short, or not a TensorFlow Lite model.").startswith("model.tflite")
    assert core_text(None) == ""

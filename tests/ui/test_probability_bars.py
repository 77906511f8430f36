"""The ten bars: one per digit the model knows."""

from __future__ import annotations

from mnist_draw.ui.probability_bars import DIGITS, ProbabilityBars


def test_there_is_a_bar_for_each_probability_the_bundled_model_gives(qtbot):
    import numpy as np

    from mnist_draw.classifier import Classifier
    from mnist_draw.preprocess import SIDE
    from mnist_draw.resources import bundled_model_dir

    classifier = Classifier(bundled_model_dir() / "model.tflite")
    probabilities = classifier.predict(np.zeros((SIDE, SIDE), dtype=np.float32))
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    assert len(bars.bars) == DIGITS == len(probabilities)

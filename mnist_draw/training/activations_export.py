"""Export a second model whose outputs are every layer's activations, for "Look inside".

The app's window shows a learner the digit turning into features: each
convolution's feature maps, each pooling, each dense layer, the output. LiteRT
can only hand out a model's outputs cheaply (keeping every tensor alive is a
debugging mode that costs memory), so training exports, beside ``model.tflite``,
``activations.tflite``: the same weights, one input, and one output per layer
worth showing, in order.

Each output is named ``NN_KIND_mM``: its place, what it is (``conv``, ``pool``,
``dense``, ``output``) and how many networks the full model averages. A model that
averages several networks shows the first one's layers. The core reader,
:mod:`mnist_draw.inside`, turns the names into words for learners.

Training layer (TensorFlow): used by :mod:`mnist_draw.training.finish`, and run by hand
(``python -m mnist_draw.training.activations_export``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import keras
import tensorflow as tf

from .network import SIDE

# A convolution's picture is shown after what follows it directly: normalisation
# and the activation belong to the convolution's block.
FOLLOWERS = ("BatchNormalization", "ReLU", "Activation", "LeakyReLU")
POOLINGS = ("MaxPooling2D", "AveragePooling2D")
SKIPPED = ("InputLayer", "Flatten", "Dropout", "Reshape", "SpatialDropout2D")


def activation_points(model: keras.Model) -> tuple[keras.Model, list[str], int]:
    """A model giving, for the network to show (the first of an average of
    networks), the activations worth showing in order; their kinds; and how many
    networks the model averages.

    The network's layers are applied again, one after another, to a fresh input,
    so a chain of layers works whether it was built as a Sequential or a
    functional model, loaded or fresh. A network that branches is refused.
    """
    members = [layer for layer in model.layers if isinstance(layer, keras.Model)]
    network = members[0] if members else model
    layers = [layer for layer in network.layers if type(layer).__name__ != "InputLayer"]
    _check_chain(network, layers)
    inputs = keras.Input(shape=(SIDE, SIDE, 1), name="digit")
    kinds: list[str] = []
    tensors: list[object] = []
    pending: tuple[str, object] | None = None
    x = inputs
    for index, layer in enumerate(layers):
        x = layer(x)
        kind = type(layer).__name__
        if kind in FOLLOWERS and pending is not None:
            pending = (pending[0], x)
            continue
        if pending is not None:
            kinds.append(pending[0])
            tensors.append(pending[1])
            pending = None
        if kind in ("Conv2D", "DepthwiseConv2D", "SeparableConv2D"):
            pending = ("conv", x)
        elif kind in POOLINGS:
            kinds.append("pool")
            tensors.append(x)
        elif kind == "Dense":
            pending = ("output" if index == len(layers) - 1 else "dense", x)
        elif kind not in SKIPPED and kind not in FOLLOWERS:
            raise ValueError(f"The layer {layer.name} ({kind}) has no place in the inside view.")
    if pending is not None:
        kinds.append(pending[0])
        tensors.append(pending[1])
    if not kinds or kinds[-1] != "output":
        raise ValueError(f"{model.name} does not end in a dense output layer.")
    return keras.Model(inputs, tensors, name=f"{model.name}-activations"), kinds, max(1, len(members))


def _check_chain(network: keras.Model, layers: list) -> None:
    if isinstance(network, keras.Sequential):
        return
    previous = None
    for layer in layers:
        source = layer.input
        if previous is not None and source is not previous.output:
            raise ValueError(f"{network.name} branches at {layer.name}; the inside view shows chains of layers only.")
        previous = layer


def output_names(kinds: list[str], members: int) -> list[str]:
    return [f"{index:02d}_{kind}_m{members}" for index, kind in enumerate(kinds)]


def to_activations_tflite(model: keras.Model) -> bytes:
    """A TFLite model (batch of one) whose named outputs are the layers' activations, in order."""
    inside, kinds, members = activation_points(model)
    names = output_names(kinds, members)

    def serve(digit):
        values = inside(digit, training=False)
        return dict(zip(names, values if isinstance(values, (list, tuple)) else [values]))

    with tempfile.TemporaryDirectory(prefix="mnist-draw-activations-") as folder:
        archive = keras.export.ExportArchive()
        archive.track(inside)
        archive.add_endpoint("serve", serve, input_signature=[tf.TensorSpec([1, SIDE, SIDE, 1], tf.float32, name="digit")])
        archive.write_out(folder, verbose=False)
        converter = tf.lite.TFLiteConverter.from_saved_model(folder, signature_keys=["serve"])
        return converter.convert()


def write_activations(folder: Path) -> Path:
    """Add ``activations.tflite`` to an existing model folder, from its ``model.keras``,
    and name it on the folder's card."""
    from .. import model_files
    from ..model_card import ModelCard

    folder = Path(folder)
    model = keras.saving.load_model(folder / model_files.KERAS_NAME, safe_mode=True)
    target = folder / model_files.ACTIVATIONS_NAME
    model_files.atomic_write(target, to_activations_tflite(model))
    card = ModelCard.read(folder) or ModelCard()
    card.activations_file = model_files.ACTIVATIONS_NAME
    card.write(folder)
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m mnist_draw.training.activations_export MODEL_FOLDER...``: give models
    trained before the inside view existed (or the bundled one) their activations model."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mnist_draw.training.activations_export", description=main.__doc__)
    parser.add_argument("folders", nargs="+", type=Path, metavar="MODEL_FOLDER", help="a folder holding model.keras")
    status = 0
    for folder in parser.parse_args(argv).folders:
        try:
            print(f"Wrote {write_activations(folder)}")
        except (OSError, ValueError) as error:  # ModelCardError is a ValueError
            print(f"{folder}: no activations model written: {error}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

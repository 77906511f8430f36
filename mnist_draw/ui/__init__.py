"""The desktop window: a canvas to draw on, and the model's reading of it, live.

Built on PySide6 and the core modules (preprocess, classifier, model_store);
never imports TensorFlow. ``mnist_draw.launch.open_window`` is the way in.
"""

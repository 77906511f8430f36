"""PyInstaller hook for LiteRT (``ai-edge-litert``), the runtime the app predicts with.

What the app uses is ``ai_edge_litert.interpreter.Interpreter``
(mnist_draw/classifier.py). The analysis finds all it needs by itself: the
extension ``_pywrap_litert_interpreter_wrapper`` and the library it links to,
``libpywrap_litert_common`` (the TFLite runtime with XNNPACK); and the
pure-Python ``metrics_portable``.

Left out on purpose, as no PyInstaller hook collects them unless asked:
- ``libLiteRt.so`` (8 MB), which ``ai_edge_litert/__init__.py`` preloads with
  ctypes when present: it is the runtime of the newer CompiledModel API
  (``ai_edge_litert.compiled_model``), which the app does not use. Without it
  the frozen self-test passes and ``evaluate`` gives the same 99.58% on MNIST's
  test set as the installed package.
- the GPU accelerators (``libLiteRtWebGpuAccelerator``, 19 MB), the NPU vendors'
  compiler and dispatch plugins (``vendors/``) and the ahead-of-time tools
  (``aot/``, ``tools/``): the app runs a small CNN on the CPU.

If the app moves to the CompiledModel API, collect ``libLiteRt`` here:
    binaries = [(str(Path(package_dir) / "libLiteRt.so"), "ai_edge_litert")]
"""

# Optional accelerator SDKs the package imports when present; never wanted
# here (OpenVINO alone is hundreds of megabytes).
excludedimports = ["openvino", "ai_edge_litert_sdk_intel", "ai_edge_litert.aot", "ai_edge_litert.tools"]

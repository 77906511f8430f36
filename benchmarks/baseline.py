"""Another checkout's preprocessing, for a benchmark's ``--before``: the same figures
from the code as it was, side by side with this checkout's."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def preprocess_of(folder: Path) -> ModuleType:
    """``mnist_draw.preprocess`` of the checkout (or ``git archive`` copy) in ``folder``,
    loaded as a package of its own name so it does not replace this one."""
    name = "baseline_mnist_draw"
    if name not in sys.modules:
        package_folder = Path(folder) / "mnist_draw"
        spec = importlib.util.spec_from_file_location(
            name, package_folder / "__init__.py", submodule_search_locations=[str(package_folder)]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"{name}.preprocess")

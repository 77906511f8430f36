"""``python -m mnist_draw``: the same as the ``mnist-draw`` command."""

from mnist_draw.cli import main

raise SystemExit(main())

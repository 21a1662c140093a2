"""``python -m tools_py.diff [BASE] [HEAD]``: every decision whose outcome changes between two versions."""

from __future__ import annotations

import sys

from .decision_diff import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

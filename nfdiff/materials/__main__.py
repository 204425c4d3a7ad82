"""``python -m nfdiff.materials [FILE.md ...]``: the table of every built-in number with
its source (to stdout, or into the marked block of each file)."""

import sys

from . import _main

if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))

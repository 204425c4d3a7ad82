"""Sphinx configuration of the nfdiff documentation.

Build (from the repository root)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

(``NFDIFF_DOCS_GALLERY=keep`` reuses the gallery figures of an earlier build even when
the package changed, for quick rebuilds while writing.)

Pages are Markdown (MyST) and reStructuredText. Generated at build time, into
``docs/_generated/`` (not version-controlled), by the local extension
``docs/_ext/nfdiff_docs.py``: the example gallery (every ``examples/*.py`` run with
``--quick``), the ``nfdiff --help`` texts, the validation report (from
``docs/validation/``, written by ``python docs/validation.py``) and the table of the
sources of every built-in material value (from :mod:`nfdiff.materials`).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT))  # document this checkout, whatever else is installed

import nfdiff  # noqa: E402

# -- project -------------------------------------------------------------------------
project = "nfdiff"
author = "nfdiff developers"
copyright = "2025, nfdiff developers"
release = nfdiff.__version__
version = ".".join(release.split(".")[:2])

# -- general -------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "nfdiff_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "validation/**"]
templates_path: list[str] = []
pygments_style = "sphinx"

# MyST: fenced directives with ``:::``, definition lists, anchors for ``#section`` links
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc + napoleon: the numpydoc docstrings of the package
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # the numpydoc "Parameters" sections give types and units
autodoc_class_signature = "separated"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True  # "Attributes" as fields: no duplicates of dataclass fields
napoleon_use_rtype = False
napoleon_preprocess_types = False

# -- HTML ----------------------------------------------------------------------------
html_theme = "furo" if importlib.util.find_spec("furo") else "alabaster"
html_title = f"nfdiff {release}"
html_static_path: list[str] = []
html_show_sourcelink = False

"""The examples in the docstrings of the public modules run and print what they say."""

import doctest
import importlib
import pkgutil

import pytest

import nfdiff

MODULES = sorted(m.name for m in pkgutil.walk_packages(nfdiff.__path__, "nfdiff.")
                 if not m.name.startswith("nfdiff.mesh"))  # tests/test_mesh.py runs those


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0

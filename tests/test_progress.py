"""nfdiff.progress: a tqdm bar on a terminal only, items unchanged, no tqdm needed."""

import io
import sys

import pytest

import nfdiff as nf
from nfdiff.progress import ENV_VAR, progress, progress_enabled


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self):
        return True


@pytest.fixture
def terminal(monkeypatch):
    """A terminal to write to, outside CI, no NFDIFF_PROGRESS: bars are wanted.

    (pytest re-installs its own sys.stderr when the test starts, so the stream is
    passed as ``file=``; the default, sys.stderr, is checked in the first test.)
    """
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(ENV_VAR, raising=False)
    return _Terminal()


def test_quiet_when_stderr_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("CI", raising=False)
    items = [1.0, 2.0, 3.0]
    assert progress(items, desc="points") is items        # the iterable itself
    assert list(progress(iter(items), total=3)) == items
    assert capsys.readouterr().err == ""


def test_bar_on_a_terminal_passes_items_through(terminal):
    pytest.importorskip("tqdm")
    items = [{"distance": d} for d in (1e-6, 2e-6, 3e-6)]
    wrapped = progress((x for x in items), total=3, desc="distance", file=terminal)
    assert wrapped is not items
    out = list(wrapped)
    assert out == items and all(a is b for a, b in zip(out, items, strict=True))
    assert "distance" in terminal.getvalue() and "3/3" in terminal.getvalue()


@pytest.mark.parametrize(("env", "expected"), [
    ({"CI": "true"}, False),               # CI services set CI: quiet even on a terminal
    ({"CI": "false"}, True),
    ({ENV_VAR: "0"}, False),
    ({ENV_VAR: "off", "CI": "1"}, False),
    ({ENV_VAR: "1", "CI": "true"}, True),  # forced on beats CI
    ({ENV_VAR: ""}, True),                 # empty: automatic
])
def test_environment(terminal, monkeypatch, env, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert progress_enabled(file=terminal) is expected


def test_argument_beats_the_environment(terminal, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "1")
    items = [1, 2]
    assert progress(items, enable=False, file=terminal) is items
    assert terminal.getvalue() == ""
    monkeypatch.setenv(ENV_VAR, "0")
    assert progress_enabled(True, file=io.StringIO()) is True   # not a terminal: forced


def test_no_crash_without_tqdm(terminal, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)      # import tqdm -> ImportError
    items = (1, 2, 3)
    assert progress(items, enable=True, file=terminal) is items
    assert list(progress(iter(items), total=3, file=terminal)) == [1, 2, 3]
    assert terminal.getvalue() == ""


def test_bad_environment_value_names_the_variable(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "maybe")
    with pytest.raises(nf.ParameterError, match=r"NFDIFF_PROGRESS = 'maybe'.*\b0\b"):
        progress([1])

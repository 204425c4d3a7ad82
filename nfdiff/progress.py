"""Progress bars for loops of solves (sweeps, harmonics, examples): on a terminal only.

:func:`progress` wraps an iterable in a `tqdm <https://tqdm.github.io>`_ bar on standard
error when somebody is watching, and returns the iterable itself otherwise, so that
scripts, logs and CI output stay clean::

    from nfdiff.progress import progress

    for distance in progress(distances, desc="distance"):
        ...

Whether a bar is shown, in order of precedence:

1. the ``enable`` argument (True / False);
2. the environment variable ``NFDIFF_PROGRESS``: ``1`` (also ``true``, ``yes``, ``on``)
   forces bars on, ``0`` (``false``, ``no``, ``off``) off; empty or unset: automatic;
3. automatic: on when standard error is a terminal and the environment variable ``CI``
   is not set (CI services set it; ``CI=0`` or ``CI=false`` count as not set).

Without tqdm (``pip install nfdiff[progress]``) there is never a bar and nothing else
changes. tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any, TextIO, TypeVar

from .errors import ParameterError

__all__ = ["ENV_VAR", "progress", "progress_enabled"]

#: Environment variable that forces progress bars on (``1``) or off (``0``).
ENV_VAR = "NFDIFF_PROGRESS"

_ON = ("1", "true", "yes", "on")
_OFF = ("0", "false", "no", "off")

T = TypeVar("T")


def _flag(name: str, text: str) -> bool | None:
    """``True``/``False`` for an on/off word, ``None`` for an empty value."""
    word = text.strip().casefold()
    if not word:
        return None
    if word in _ON:
        return True
    if word in _OFF:
        return False
    raise ParameterError(name, text, f"the environment variable must be one of "
                         f"{', '.join(_ON)} (bars on), {', '.join(_OFF)} (off) or empty "
                         "(automatic: on a terminal outside CI)")


def progress_enabled(enable: bool | None = None, file: TextIO | None = None) -> bool:
    """Whether :func:`progress` would show a bar (tqdm aside).

    Parameters
    ----------
    enable : bool, optional
        Force the answer; default: the ``NFDIFF_PROGRESS`` environment variable, else
        automatic (``file`` is a terminal and ``CI`` is not set).
    file : text stream, optional
        Where the bar would go (default: ``sys.stderr`` at the time of the call).

    Returns
    -------
    bool

    Raises
    ------
    ParameterError
        If ``NFDIFF_PROGRESS`` holds something other than an on/off word.
    """
    if enable is not None:
        return bool(enable)
    forced = _flag(ENV_VAR, os.environ.get(ENV_VAR, ""))
    if forced is not None:
        return forced
    ci = os.environ.get("CI", "").strip().casefold()
    if ci and ci not in _OFF:
        return False
    stream = sys.stderr if file is None else file
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def progress(iterable: Iterable[T], total: int | None = None, desc: str = "", *,
             enable: bool | None = None, file: TextIO | None = None,
             **kwargs: Any) -> Iterable[T]:
    """The items of ``iterable``, with a progress bar on standard error when wanted.

    Parameters
    ----------
    iterable : iterable
        The loop's items; they pass through unchanged and in order.
    total : int, optional
        Number of items, for iterables without ``len`` (generators, futures).
    desc : str
        Label in front of the bar.
    enable : bool, optional
        True or False forces the bar on or off; default (None): the ``NFDIFF_PROGRESS``
        environment variable, else on when ``file`` is a terminal outside CI.
    file : text stream, optional
        Where the bar goes (default: ``sys.stderr`` at the time of the call).
    **kwargs
        Passed on to ``tqdm.tqdm`` (e.g. ``unit="point"``, ``leave=False``).

    Returns
    -------
    iterable
        ``iterable`` itself when no bar is shown (disabled, or tqdm not installed),
        else a tqdm iterator over it.
    """
    file = sys.stderr if file is None else file
    if not progress_enabled(enable, file):
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, total=total, desc=desc, file=file, **kwargs)

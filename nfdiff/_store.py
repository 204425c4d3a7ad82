"""The store of a sweep and the identities that key it (used by :mod:`nfdiff.sweep`).

A sweep's finished points are kept as one JSON record each under ``store/points``, keyed
by the sweep key (a digest of the factory's name, code, closure and defaults, the device
method and the store format) and by the point; files are written atomically.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import inspect
import json
import os
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import xarray

__all__ = ["STORE_FORMAT", "Store", "canonical", "now", "qualname", "sweep_key"]

#: Version of the store's file layout (part of the sweep key).
STORE_FORMAT = 1


# ---------------------------------------------------------------------------------------
# Identities: the sweep key and the point hashes
# ---------------------------------------------------------------------------------------


def canonical(obj: object) -> str:
    """Canonical JSON (sorted keys, exact float repr) of plain data."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=True)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _code_identity(code: CodeType) -> str:
    """Digest of a code object: bytecode, names and constants (nested code too)."""
    parts = [code.co_code.hex(), repr(code.co_names)]
    for const in code.co_consts:
        if inspect.iscode(const):
            parts.append(_code_identity(const))
        elif isinstance(const, frozenset):
            parts.append(repr(sorted(map(repr, const))))
        else:
            parts.append(repr(const))
    return _digest("\n".join(parts))


def _stable(value: object, depth: int = 0) -> Any:
    """A description of ``value`` that is the same in every process (for the key).

    Plain data, dataclasses and arrays are described by content; other objects by their
    type only.
    """
    if depth > 8:
        return "..."
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return {"array": _digest(value.tobytes().hex()), "dtype": str(value.dtype),
                "shape": list(value.shape)}
    if isinstance(value, (list, tuple)):
        return [_stable(v, depth + 1) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _stable(v, depth + 1) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"dataclass": qualname(type(value)),
                **{f.name: _stable(getattr(value, f.name), depth + 1)
                   for f in dataclasses.fields(value) if f.compare}}
    if callable(value):
        return _callable_identity(value, depth + 1)
    return {"object": qualname(type(value))}


def qualname(obj: Any) -> str:
    """``module.qualified.name`` of a function or class (of the class of other objects)."""
    if isinstance(obj, functools.partial):
        return f"functools.partial({qualname(obj.func)})"
    if not hasattr(obj, "__qualname__"):
        obj = type(obj)
    return f"{getattr(obj, '__module__', '?')}.{obj.__qualname__}"


def _callable_identity(func: Any, depth: int = 0) -> Any:
    """What identifies a factory: name, code, closure and defaults."""
    if depth > 8:
        return "..."
    if isinstance(func, functools.partial):
        return {"partial": _callable_identity(func.func, depth + 1),
                "args": _stable(func.args, depth + 1),
                "keywords": _stable(func.keywords, depth + 1)}
    if inspect.ismethod(func):
        return {"method": _callable_identity(func.__func__, depth + 1),
                "self": _stable(func.__self__, depth + 1)}
    code = getattr(func, "__code__", None)
    if code is not None:
        closure = [_cell(c, func, depth + 1) for c in (func.__closure__ or ())]
        return {"name": qualname(func), "code": _code_identity(code), "closure": closure,
                "defaults": _stable(func.__defaults__, depth + 1),
                "kwdefaults": _stable(func.__kwdefaults__, depth + 1)}
    if inspect.isfunction(func) or inspect.isbuiltin(func) or isinstance(func, type):
        return {"name": qualname(func)}
    # a callable object: its class's __call__ and its state
    call = type(func).__call__
    state = vars(func) if hasattr(func, "__dict__") else {}
    return {"object": qualname(type(func)),
            "call": _callable_identity(call, depth + 1),
            "state": _stable(state, depth + 1)}


def _cell(cell: Any, func: object, depth: int) -> Any:
    try:
        value = cell.cell_contents
    except ValueError:  # an empty cell
        return None
    return "<self>" if value is func else _stable(value, depth)


def sweep_key(factory: Callable[..., Any], method: str = "solve", key: str | None = None) -> str:
    """The key that identifies a sweep's points in a store (a hex digest).

    Parameters
    ----------
    factory : callable
        The sweep's factory.
    method : str
        The device method the sweep calls.
    key : str, optional
        An explicit identity of the factory; replaces its name, code, closure and
        defaults.

    Returns
    -------
    str
        64 hex digits.
    """
    identity = key if key is not None else _callable_identity(factory)
    return _digest(canonical({"factory": identity, "method": method,
                               "format": STORE_FORMAT}))


def _point_hash(point: dict[str, Any]) -> str:
    return _digest(canonical(point))[:20]


# ---------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """``write(temporary path)``, then rename onto ``path`` (atomic on POSIX)."""
    tmp = path.with_name(f".{path.name}.{socket.gethostname()}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class Store:
    """Finished points of sweeps, one JSON file each, under ``directory/points``."""

    def __init__(self, directory: str | os.PathLike[str], key: str) -> None:
        self.directory = Path(directory)
        self.points = self.directory / "points"
        self.points.mkdir(parents=True, exist_ok=True)
        self.key = key

    def path(self, point: dict[str, Any]) -> Path:
        return self.points / f"{self.key[:12]}-{_point_hash(point)}.json"

    def load(self, point: dict[str, Any]) -> dict[str, Any] | None:
        """The stored record of ``point``, or None (missing, unreadable or not ours)."""
        try:
            record = json.loads(self.path(point).read_text())
        except (OSError, ValueError):
            return None
        if (not isinstance(record, dict) or record.get("sweep_key") != self.key
                or record.get("point") != point):
            return None
        return record

    def write(self, record: dict[str, Any]) -> None:
        from . import __version__

        record = {**record, "sweep_key": self.key, "nfdiff_version": __version__,
                  "written": now()}
        text = json.dumps(record, indent=1, allow_nan=True, default=str) + "\n"
        _atomic_write(self.path(record["point"]), lambda p: p.write_text(text))

    def write_json(self, name: str, data: dict[str, Any]) -> None:
        text = json.dumps(data, indent=1, allow_nan=True) + "\n"
        _atomic_write(self.directory / name, lambda p: p.write_text(text))

    def write_dataset(self, ds: xarray.Dataset) -> Path:
        path = self.directory / "sweep.nc"
        _atomic_write(path, lambda p: ds.to_netcdf(p))
        return path


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

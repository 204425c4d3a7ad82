"""The store of a sweep and the identities that key it (used by :mod:`nfdiff.sweep`).

A sweep's finished points are kept as one JSON record each under ``store/points``, keyed
by the sweep key and by the point. The key is a digest of the nfdiff version, the store
format, the device method and the factory: its name, code, closure and defaults, the
source files of the code it runs (its own file and the files of the functions, classes
and modules it names, followed through the functions it calls; installed packages other
than nfdiff are left out) and the code of the functions it calls by name.

Records carry a checksum (SHA-256 of their canonical JSON); a record that fails it, lacks
a key or holds a non-numeric observable (or a non-finite one in a converged point) is
reported with a :class:`~nfdiff.errors.NfdiffWarning` naming the file and computed again.
Files are written to a temporary name and renamed. A point being computed holds a lock
file ``points/<record>.lock`` (created with ``O_CREAT | O_EXCL``), so that processes
sharing a store compute each point once; the lock of a process that died on this host, or
whose heartbeat stopped for :data:`STALE_AFTER` seconds, is broken.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import inspect
import json
import linecache
import math
import numbers
import os
import secrets
import socket
import sys
import sysconfig
import threading
import time
import types
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import NfdiffWarning

if TYPE_CHECKING:
    import xarray

__all__ = ["HEARTBEAT", "STALE_AFTER", "STORE_FORMAT", "Store", "canonical", "now",
           "qualname", "sweep_key"]

#: Version of the store's file layout (part of the sweep key).
STORE_FORMAT = 2
#: Seconds between the touches of the lock files a sweep holds.
HEARTBEAT = 30.0
#: Age [s] of a lock file (since its last touch) after which it is taken as abandoned.
STALE_AFTER = 300.0
#: Keys every point record has.
RECORD_KEYS = ("point", "observables", "units", "newton_iterations", "converged",
               "error_type", "error", "provenance", "sweep_key", "checksum")


# ---------------------------------------------------------------------------------------
# Identities: the sweep key and the point hashes
# ---------------------------------------------------------------------------------------


def canonical(obj: object) -> str:
    """Canonical JSON (sorted keys, exact float repr) of plain data."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), allow_nan=True)


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


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


@functools.cache
def _installed_roots() -> tuple[Path, ...]:
    """Directories of code identified by a version rather than by its source: the
    standard library, installed packages and nfdiff itself."""
    paths = sysconfig.get_paths()
    roots = {Path(paths[k]).resolve() for k in ("stdlib", "platstdlib", "purelib", "platlib")
             if k in paths}
    roots.add(Path(__file__).resolve().parent)
    return tuple(roots)


def _is_installed(filename: str) -> bool:
    try:
        path = Path(filename).resolve()
    except (OSError, ValueError):
        return False
    return any(path.is_relative_to(root) for root in _installed_roots())


def _source_digest(filename: str) -> str | None:
    """Digest of a source file (or of the lines linecache holds for it, e.g. a notebook
    cell), None if neither can be read."""
    try:
        return _digest(Path(filename).read_bytes())
    except (OSError, ValueError):
        pass
    lines = linecache.getlines(filename)
    return _digest("".join(lines)) if lines else None


def _named(code: CodeType) -> set[str]:
    """Global names a code object (and the code nested in it) may look up."""
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _named(const)
    return names


def _roots(factory: Any) -> list[Any]:
    """The functions (and classes) a factory runs first."""
    if isinstance(factory, functools.partial):
        return _roots(factory.func)
    if inspect.ismethod(factory):
        return _roots(factory.__func__)
    if isinstance(factory, (types.FunctionType, type)):
        return [factory]
    if hasattr(factory, "__call__") and not inspect.isbuiltin(factory):  # noqa: B004
        return [type(factory), *_roots(type(factory).__call__)]
    return []


def _dependencies(factory: Any, limit: int = 500) -> tuple[dict[str, str], dict[str, str],
                                                           list[str]]:
    """What the factory runs: ``(sources, codes, unread)``.

    ``sources``: digests of the source files of the factory and of the functions, classes
    and modules it names (followed through the functions it calls, and those in its
    closure), by module name, leaving out installed packages and nfdiff (its version is
    in the key); ``codes``: digests of the code of the functions reached; ``unread``: the
    factory's own source files that could not be read.
    """
    sources: dict[str, str] = {}
    codes: dict[str, str] = {}
    unread: list[str] = []
    seen: set[int] = set()
    todo: list[tuple[Any, bool]] = [(root, True) for root in _roots(factory)]
    while todo and len(seen) < limit:
        obj, own = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, types.ModuleType):
            filename = getattr(obj, "__file__", None)
            module = obj.__name__
        elif isinstance(obj, type):
            filename = getattr(sys.modules.get(obj.__module__), "__file__", None)
            module = obj.__module__
        else:  # a function
            filename = obj.__code__.co_filename
            module = getattr(obj, "__module__", None) or "?"
        if not filename or (not own and _is_installed(filename)):
            continue
        digest = _source_digest(filename)
        if digest is not None:
            sources[f"{module}:{Path(filename).name}"] = digest
        elif own:
            unread.append(filename)
        if not isinstance(obj, types.FunctionType):
            continue
        codes[qualname(obj)] = _code_identity(obj.__code__)
        cells = []
        for cell in obj.__closure__ or ():
            with contextlib.suppress(ValueError):  # an empty cell
                cells.append(cell.cell_contents)
        named = [obj.__globals__.get(n) for n in sorted(_named(obj.__code__))]
        for value in (*cells, *named):
            if isinstance(value, functools.partial):
                value = value.func
            if isinstance(value, (types.FunctionType, type, types.ModuleType)):
                todo.append((value, False))
    return sources, codes, unread


#: Factories whose untracked source was already reported (one warning each).
_WARNED: set[str] = set()


def sweep_key(factory: Callable[..., Any], method: str = "solve", key: str | None = None) -> str:
    """The key that identifies a sweep's points in a store (a hex digest).

    The key changes with the nfdiff version, the store format, ``method`` and the
    factory: its qualified name, code, closure and defaults, the source files of the
    factory and of the functions, classes and modules it names (followed through the
    functions it calls; installed packages other than nfdiff are not read) and the code of
    the functions it calls by name. A factory whose source file cannot be read (defined
    by ``exec`` or typed at an interactive prompt) gets one :class:`~nfdiff.NfdiffWarning`:
    then the rest of its module (constants, classes) is not covered.

    Parameters
    ----------
    factory : callable
        The sweep's factory.
    method : str
        The device method the sweep calls.
    key : str, optional
        An explicit identity of the factory; replaces everything above but the nfdiff
        version, the store format and ``method``.

    Returns
    -------
    str
        64 hex digits.
    """
    from . import __version__

    identity: Any
    if key is not None:
        identity = key
    else:
        sources, codes, unread = _dependencies(factory)
        identity = {"factory": _callable_identity(factory), "sources": sources,
                    "codes": codes}
        name = qualname(factory)
        if unread and name not in _WARNED:
            _WARNED.add(name)
            warnings.warn(NfdiffWarning(
                f"nf.sweep: the source of the factory {name} ({', '.join(unread)}) cannot be "
                "read; its sweep key covers the factory's code, closure and defaults and the "
                "code of the functions it calls by name, not the rest of its module "
                "(constants, classes): pass key= (e.g. 'v2') when those change"),
                stacklevel=3)
    return _digest(canonical({"factory": identity, "method": method,
                              "format": STORE_FORMAT, "nfdiff": __version__}))


def _point_hash(point: dict[str, Any]) -> str:
    return _digest(canonical(point))[:20]


def grid_id(key: str, grid: Mapping[str, Any]) -> str:
    """12 hex digits naming the dataset of a sweep (key) over a grid (JSON definition)."""
    return _digest(canonical({"sweep_key": key, "grid": grid}))[:12]


# ---------------------------------------------------------------------------------------
# Point records: checksum and checks
# ---------------------------------------------------------------------------------------


def checksum(record: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a record without its ``checksum`` entry."""
    return _digest(canonical({k: v for k, v in record.items() if k != "checksum"}))


def _bad_number(value: object) -> bool:
    return isinstance(value, bool) or not isinstance(value, numbers.Real)


def record_problem(record: object, point: Mapping[str, Any], key: str) -> str | None:
    """Why a stored record of ``point`` cannot be used (None if it can)."""
    if not isinstance(record, dict):
        return f"holds a JSON {type(record).__name__}, not a record"
    missing = [k for k in RECORD_KEYS if k not in record]
    if missing:
        return "misses " + ", ".join(map(repr, missing))
    if record["checksum"] != checksum(record):
        return "fails its checksum (edited or damaged)"
    if record["sweep_key"] != key:
        return "belongs to another sweep"
    if record["point"] != point:
        return f"holds the point {record['point']!r}, not {dict(point)!r}"
    observables = record["observables"]
    if not isinstance(observables, dict):
        return "has observables that are not a mapping"
    converged = record["converged"]
    if not isinstance(converged, bool) or not isinstance(record["error_type"], str):
        return "has a 'converged' or 'error_type' of the wrong type"
    if converged and record["error_type"]:
        return f"is marked converged and failed ({record['error_type']})"
    for name, value in observables.items():
        values = value if isinstance(value, list) else [value]
        if not values or any(_bad_number(v) for v in values):
            return f"has a non-numeric observable {name} = {value!r}"
        if converged and not all(math.isfinite(v) for v in values):
            return f"has {name} = {value!r} in a converged point"
    return None


# ---------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """``write(temporary path)``, then rename onto ``path`` (atomic on POSIX); on any
    failure the temporary file is removed and ``path`` left as it was."""
    tmp = path.with_name(f".{path.name}.{socket.gethostname()}.{os.getpid()}."
                         f"{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class Store:
    """Finished points of sweeps, one JSON file each, under ``directory/points``; the
    locks of the points being computed next to them."""

    def __init__(self, directory: str | os.PathLike[str], key: str) -> None:
        self.directory = Path(directory)
        self.points = self.directory / "points"
        self.points.mkdir(parents=True, exist_ok=True)
        self.key = key
        self.host = socket.gethostname()
        self._held: set[Path] = set()
        self._guard = threading.Lock()
        self._reported: dict[Path, tuple[int, int]] = {}

    def path(self, point: dict[str, Any]) -> Path:
        return self.points / f"{self.key[:12]}-{_point_hash(point)}.json"

    def load(self, point: dict[str, Any]) -> dict[str, Any] | None:
        """The stored record of ``point``; None if there is none or it cannot be used
        (then an NfdiffWarning names the file and says why, once per version of it)."""
        path = self.path(point)
        try:
            text = path.read_text()
            stat = path.stat()
        except FileNotFoundError:
            return None
        except OSError as err:
            self._report(path, (0, 0), f"cannot be read ({err})")
            return None
        try:
            record = json.loads(text)
        except ValueError:
            problem: str | None = "is not valid JSON (cut short or damaged)"
        else:
            problem = record_problem(record, point, self.key)
        if problem is not None:
            self._report(path, (stat.st_mtime_ns, stat.st_size), problem)
            return None
        return record

    def _report(self, path: Path, version: tuple[int, int], problem: str) -> None:
        if self._reported.get(path) == version:
            return
        self._reported[path] = version
        warnings.warn(NfdiffWarning(f"sweep store: {path} {problem}; the point is computed "
                                    "again"), stacklevel=4)

    def write(self, record: dict[str, Any]) -> None:
        from . import __version__

        record = {**record, "sweep_key": self.key, "nfdiff_version": __version__,
                  "written": now()}
        record.pop("checksum", None)
        record = json.loads(json.dumps(record, allow_nan=True, default=str))  # as read back
        record["checksum"] = checksum(record)
        text = json.dumps(record, indent=1, allow_nan=True) + "\n"
        atomic_write(self.path(record["point"]), lambda p: p.write_text(text))

    def write_json(self, name: str, data: dict[str, Any]) -> None:
        text = json.dumps(data, indent=1, allow_nan=True) + "\n"
        atomic_write(self.directory / name, lambda p: p.write_text(text))

    def write_dataset(self, ds: xarray.Dataset, name: str) -> Path:
        path = self.directory / name
        atomic_write(path, lambda p: ds.to_netcdf(p))
        return path

    # ---- claims: one process computes a point -------------------------------------------

    def _lock(self, point: dict[str, Any]) -> Path:
        return self.path(point).with_suffix(".lock")

    def claim(self, point: dict[str, Any]) -> bool:
        """Take the lock of ``point`` (breaking an abandoned one); False if another
        sweep holds it."""
        lock = self._lock(point)
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if not self._break_if_stale(lock):
                    return False
                continue
            with os.fdopen(fd, "w") as f:
                json.dump({"host": self.host, "pid": os.getpid(), "since": now(),
                           "token": secrets.token_hex(8)}, f)
            with self._guard:
                self._held.add(lock)
            return True
        return False

    def release(self, point: dict[str, Any]) -> None:
        """Give up the lock of ``point`` if this store holds it."""
        lock = self._lock(point)
        with self._guard:
            held = lock in self._held
            self._held.discard(lock)
        if held:
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()

    def _break_if_stale(self, lock: Path) -> bool:
        """Remove ``lock`` if its process is gone: a dead process of this host, or no
        heartbeat for :data:`STALE_AFTER` seconds. True if the point may be claimed."""
        try:
            age = time.time() - lock.stat().st_mtime
            owner = json.loads(lock.read_text())
        except FileNotFoundError:
            return True  # released meanwhile
        except (OSError, ValueError):
            owner = {}  # being written, or damaged: judged by its age
        stale = age > STALE_AFTER
        if (not stale and isinstance(owner, dict) and owner.get("host") == self.host
                and isinstance(owner.get("pid"), int)):
            stale = not _alive(owner["pid"])
        if not stale:
            return False
        aside = lock.with_name(f".{lock.name}.{self.host}.{os.getpid()}."
                               f"{threading.get_ident()}.stale")
        try:
            os.rename(lock, aside)  # one process wins a given lock file
        except FileNotFoundError:
            return True
        aside.unlink()
        return True

    @contextlib.contextmanager
    def claims(self) -> Iterator[None]:
        """Keep the locks this store takes alive (touched every :data:`HEARTBEAT`
        seconds) and release them all at the end, however the block ends."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(HEARTBEAT):
                with self._guard:
                    held = list(self._held)
                for lock in held:
                    with contextlib.suppress(OSError):
                        os.utime(lock)

        thread = threading.Thread(target=beat, name="nfdiff-store-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            with self._guard:
                held, self._held = list(self._held), set()
            for lock in held:
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or a pid this system cannot have)
    return True


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")

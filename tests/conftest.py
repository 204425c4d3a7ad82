"""Shared test fixtures: small devices built directly with scikit-fem, and the recorder
of the physics checks for the validation report (``validation``)."""

import functools
import json
import os
from pathlib import Path

import numpy as np
import pytest
import skfem

import nfdiff as nf


def strips_on_film(nx=61, nz_film=11, nz_strip=6, width=300e-9, half_span=3e-6,
                   centres=(-1e-6, 1e-6), film=200e-9, strip=10e-9, tri=False):
    """YIG-like film (0 < z < film) under two metal strips "A" and "B" (tensor mesh).

    Regions "film", "A", "B"; boundary "bottom" (z = 0).
    """
    xs = [np.linspace(-half_span, half_span, nx)]
    for c in centres:
        xs.append(np.linspace(c - width / 2, c + width / 2, 13))
    xs = np.unique(np.round(np.concatenate(xs), 15))
    zs = np.unique(np.round(np.concatenate([np.linspace(0, film, nz_film),
                                            np.linspace(film, film + strip, nz_strip)]), 15))
    base = (skfem.MeshTri1 if tri else skfem.MeshQuad1).init_tensor(xs, zs)
    mid = base.p[:, base.t].mean(axis=1)
    in_strip = [(mid[1] > film) & (np.abs(mid[0] - c) < width / 2) for c in centres]
    film_el = np.nonzero(mid[1] < film)[0]
    keep = np.concatenate([film_el] + [np.nonzero(s)[0] for s in in_strip])
    mesh = type(base)(base.p, np.ascontiguousarray(base.t[:, keep]))
    n0, n1 = len(film_el), len(film_el) + int(np.sum(in_strip[0]))
    mesh = mesh.with_subdomains({"film": np.arange(n0), "A": np.arange(n0, n1),
                                 "B": np.arange(n1, len(keep))})
    return mesh.with_boundaries({"bottom": lambda x: x[1] == 0.0})


@pytest.fixture(scope="session")
def nonlocal_mesh():
    return strips_on_film()


@pytest.fixture(scope="session")
def pt():
    return nf.materials.get("Pt")


@pytest.fixture(scope="session")
def yig():
    return nf.materials.get("YIG")


@pytest.fixture(scope="session")
def magnon_relaxation():
    """``f(magnet, T)``: sigma_m / lambda_m^2 [1/m^3] at local magnon temperatures T [K]
    (docs/theory.md#theory-temperature), the rate the bulk relaxes magnons at."""
    def rate(magnet, T):
        sigma = nf.units.magnon_conductivity_to_spin(magnet.value_at("magnon_conductivity", T))
        return sigma / magnet.value_at("magnon_diffusion_length", T) ** 2
    return rate


# ---- the validation report: physics checks that record themselves --------------------
#: Set to a file path, every ``validation.check`` appends its record there as a JSON
#: line (``python docs/validation.py`` does this and renders the report from them).
VALIDATION_ENV = "NFDIFF_VALIDATION"
#: The committed records of the report. A check that passes but whose numbers moved
#: away from its record (or that has none) fails: the report must be regenerated.
VALIDATION_RECORDS = Path(__file__).resolve().parent.parent / "docs" / "validation" / \
    "checks.jsonl"
_KINDS = ("rel", "abs", "max", "min", "lt", "gt")
#: A number is "the same" as its record within this relative change, or within this
#: fraction of the tolerance band (robust to round-off across platforms and BLAS).
_SAME_REL, _SAME_BAND = 1e-6, 1e-2


def _floats(x):
    arr = np.asarray(x, dtype=float)
    return float(arr) if arr.ndim == 0 else arr.tolist()


@functools.cache
def _committed_records():
    if not VALIDATION_RECORDS.exists():
        return None
    records = {}
    for line in VALIDATION_RECORDS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            records[(r["test"], r["name"])] = r
    return records


class Validation:
    """Physics checks against a reference, recorded for the validation report.

    ``check`` asserts exactly what the equivalent plain assertion would, records the
    check (quantity, reference, value, error, tolerance) and, in a normal test run,
    compares it with its committed record in ``docs/validation/checks.jsonl``: a
    missing record or numbers that moved fail the test with the command that
    regenerates the report (``python docs/validation.py``).
    """

    def __init__(self, nodeid, doc=""):
        self.nodeid = nodeid
        self.doc = doc
        self.names = set()

    def check(self, name, reference, value, expected, tolerance, kind="rel", *, abs=0.0,
              strict=False, unit="", noisy=False):
        """Assert and record one check.

        Parameters
        ----------
        name : str
            The quantity checked, unique within the test (e.g. ``"R_nl(B->A, -n)"``).
        reference : str
            What it is compared with: a formula, a paper, an invariant.
        value : float or array_like
            nfdiff's value.
        expected : float or array_like or None
            The reference value (None for a pure bound).
        tolerance : float
            ``kind="rel"``: ``value == pytest.approx(expected, rel=tolerance, abs=abs)``;
            ``"abs"``: ``pytest.approx(expected, abs=tolerance)``; ``"max"``/``"lt"``:
            ``value <= tolerance`` / ``<``; ``"min"``/``"gt"``: ``value >= tolerance`` /
            ``>``.
        abs : float
            ``kind="rel"`` only: an absolute tolerance besides the relative one (default
            0: the relative tolerance is the whole claim; pytest's own default, 1e-12,
            would swamp it for small SI quantities, 1e-24 J or 1e-11 Ohm m). Give one
            only for an expected value that may be 0, with the scale it stands for.
        strict : bool
            ``kind="abs"`` only: ``|value - expected| < tolerance`` (strictly).
        unit : str
            Unit of value and expected, for the report.
        noisy : bool
            The value is dominated by round-off (a finite-difference error, a
            convergence rate at machine precision): its record is not compared with it.
        """
        assert kind in _KINDS, kind
        assert name not in self.names, f"validation check {name!r} twice in {self.nodeid}"
        self.names.add(name)
        v = np.asarray(value, dtype=float)
        if kind == "rel":
            passed = bool(value == pytest.approx(expected, rel=tolerance, abs=abs))
        elif kind == "abs" and strict:
            passed = bool(np.all(np.abs(v - np.asarray(expected, dtype=float)) < tolerance))
        elif kind == "abs":
            passed = bool(value == pytest.approx(expected, abs=tolerance))
        else:
            op = {"max": np.less_equal, "lt": np.less, "min": np.greater_equal,
                  "gt": np.greater}[kind]
            passed = bool(np.all(op(v, tolerance)))
        if expected is None:
            error = None
        else:
            diff = np.abs(v - np.asarray(expected, dtype=float))
            if kind == "rel":
                scale = np.abs(np.asarray(expected, dtype=float))
                diff = np.where(scale > 0, diff / np.where(scale > 0, scale, 1.0), diff)
            error = float(np.max(diff))
        record = {"test": self.nodeid, "name": name, "reference": reference,
                  "value": _floats(value),
                  "expected": None if expected is None else _floats(expected),
                  "error": error, "tolerance": float(tolerance), "kind": kind,
                  "abs": float(abs) if kind == "rel" else None, "strict": bool(strict),
                  "unit": unit, "noisy": bool(noisy), "passed": passed, "doc": self.doc}
        path = os.environ.get(VALIDATION_ENV)
        if path:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record) + "\n")
        if kind in ("rel", "abs"):
            assert passed, (f"{name}: {value!r} != {expected!r} within {kind} "
                            f"{tolerance:g} ({reference})")
        else:
            assert passed, f"{name}: {value!r} not {kind} {tolerance!r} ({reference})"
        if not path:
            self._compare_with_record(record)

    def _compare_with_record(self, now):
        committed = _committed_records()
        if committed is None:
            return
        then = committed.get((now["test"], now["name"]))
        hint = (f"validation report out of date for {now['test']} check {now['name']!r}: "
                f"regenerate it with `python docs/validation.py` ({VALIDATION_RECORDS.name})")
        if then is None:
            pytest.fail(f"{hint}: no record of this check")
        for key in ("reference", "kind", "strict", "unit", "noisy"):
            if then.get(key) != now[key]:
                pytest.fail(f"{hint}: {key} {then.get(key)!r} -> {now[key]!r}")
        if now["noisy"]:
            return
        for key in ("tolerance", "abs"):  # may depend on computed values: round-off
            a, b = now[key], then.get(key)
            if (a is None) != (b is None) or (a is not None and not abs(a - b) <= _SAME_REL
                                              * abs(b)):
                pytest.fail(f"{hint}: {key} {b!r} -> {a!r}")
        band = now["tolerance"] if now["kind"] != "rel" else now["tolerance"] * np.max(
            np.abs(np.asarray(now["expected"], dtype=float)), initial=0.0)
        band = max(abs(band), now["abs"] or 0.0)
        for key in ("value", "expected"):
            a, b = now[key], then.get(key)
            if a is None or b is None:
                if a is not b:
                    pytest.fail(f"{hint}: {key} {b!r} -> {a!r}")
                continue
            a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
            if a.shape != b.shape or not np.all(
                    np.abs(a - b) <= np.maximum(_SAME_REL * np.abs(b), _SAME_BAND * band)):
                pytest.fail(f"{hint}: {key} {then.get(key)!r} -> {now[key]!r}")


@pytest.fixture
def validation(request):
    """:class:`Validation` of the running test (see its ``check``)."""
    doc = (request.function.__doc__ or "").strip().split("\n\n")[0]
    return Validation(request.node.nodeid, " ".join(doc.split()))


# ---- regression pins: numbers recorded from nfdiff's own output ---------------------------
def pytest_configure(config):
    config.addinivalue_line(
        "markers", "regression_pin: compares with numbers recorded from nfdiff's own output, "
        "not derived independently (the regression_pin fixture); -m regression_pin lists them")


@pytest.fixture
def regression_pin(request):
    """``regression_pin(what, value, pinned, *, rel=... or abs=..., recorded=...)``.

    A regression pin is a number recorded from nfdiff's own output (a fitted exponent, an
    interpolated threshold, a finite-element ratio), kept so that an unintended change
    shows. It is no reference: it only says the code still gives what it gave when the
    pin was ``recorded`` (date and commit). A test that uses pins carries
    ``@pytest.mark.regression_pin``.
    """
    assert request.node.get_closest_marker("regression_pin"), \
        f"{request.node.nodeid} compares with regression pins: mark it regression_pin"

    def pin(what, value, pinned, *, rel=None, abs=None, recorded):
        assert (rel is None) != (abs is None), "a pin has one tolerance, rel or abs"
        ok = value == pytest.approx(pinned, rel=rel or 0.0, abs=abs or 0.0)
        tolerance = f"rel {rel:g}" if rel is not None else f"abs {abs:g}"
        assert ok, (f"regression pin {what!r}: {value!r} moved from {pinned!r} "
                    f"({tolerance}), recorded {recorded} from nfdiff's own output, not an "
                    f"independent reference: if the change is intended, re-record the pin")

    return pin

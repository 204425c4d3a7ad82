"""Declared parameters: every input of nfdiff stated once, with its unit, range and meaning.

A :class:`Parameter` declares what one parameter accepts (a number in a unit and a range,
a choice of words, a direction, a material of a class, an interface law, ...), what
``None`` means for it and a one-sentence description. The declaration is read by

- the checks: :meth:`Parameter.validate` returns the normalised value or raises
  :class:`~nfdiff.errors.ParameterError` naming the parameter, the value, the valid
  range and the unit;
- the documentation: the ``Parameters`` section of a docstring is written from the
  declarations (:func:`template`, :func:`checked`, :func:`documented`), the
  ``Returns`` section of a ``solve`` from its declared observables (:func:`observables`);
- the command line and the sweeps (:mod:`nfdiff.cli`, :func:`nfdiff.sweep`): the keys of
  a case file, their units, defaults and help text, the units of the observables.

Where declarations live: the fields of a frozen dataclass (a material, a device
template) are declared with :func:`declare`, and :func:`check_fields` checks them all in
``__post_init__``; a template's factory function takes the same keyword arguments
(:func:`template` checks that and documents it); a ``solve`` method declares its
arguments with :func:`checked` and its observables with :func:`observables`. Checks
that involve several parameters stay with the class that owns them.

>>> import nfdiff as nf
>>> p = nf.devices.smr_film.parameters["thickness"]
>>> p.unit, p.range_text(), p.default
('m', '> 0', 5e-09)
>>> p.validate(-1.0)
Traceback (most recent call last):
...
nfdiff.errors.ParameterError: thickness = -1.0 m is invalid: must be finite and > 0
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ParamSpec, Protocol, TypeVar, cast

import numpy as np

from . import _validate
from .errors import ParameterError

__all__ = [
    "REQUIRED",
    "Interval",
    "Observable",
    "Parameter",
    "check_fields",
    "checked",
    "declare",
    "declared",
    "documented",
    "material",
    "number_text",
    "observables",
    "template",
]

_P = ParamSpec("_P")
_R = TypeVar("_R", covariant=True)
_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])

#: Default of a parameter that has none (it must be given).
REQUIRED = inspect.Parameter.empty
#: What a parameter takes: a number (or a fixed-length sequence of numbers), an
#: integer, true or false, one of some words, a direction (3-vector, normalised), a
#: material of a class (or a built-in name), an interface law (a name of
#: :func:`nfdiff.laws.names` or an :class:`~nfdiff.laws.InterfaceLaw`), an
#: :class:`~nfdiff.NFInterface`, or any Python object (not checked here).
KINDS = ("number", "integer", "bool", "word", "vector", "material", "law", "interface",
         "object")


def number_text(x: float) -> str:
    """A number as short text: 6 significant digits, an exponent (``5e-9``, ``1e10``)
    outside 0.01 <= |x| < 1e5."""
    x = float(x)
    text = f"{x:.6e}" if x and not 1e-2 <= abs(x) < 1e5 else f"{x:.6g}"
    mantissa, e, exponent = text.partition("e")
    if e:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}" if e else mantissa


@dataclasses.dataclass(frozen=True)
class Interval:
    """The range ``lo .. hi`` of a number; each end closed (included) or open."""

    lo: float = -math.inf
    hi: float = math.inf
    closed: tuple[bool, bool] = (True, True)

    def text(self) -> str:
        """``"> 1"``, ``">= 1"``, ``"<= 0"`` or ``"in (0, 1)"``."""
        lo_in, hi_in = self.closed
        if math.isinf(self.hi):
            return f"{'>=' if lo_in else '>'} {number_text(self.lo)}"
        if math.isinf(self.lo):
            return f"{'<=' if hi_in else '<'} {number_text(self.hi)}"
        return (f"in {'[' if lo_in else '('}{number_text(self.lo)}, {number_text(self.hi)}"
                f"{']' if hi_in else ')'}")


#: Range checks of a number: a name, a closed interval ``(lo, hi)`` or an Interval.
Check = str | tuple[float, float] | Interval
_CHECK_TEXT = {"finite": "", "positive": "> 0", "nonnegative": ">= 0", "nonzero": "!= 0"}


def _range_text(check: Check | None) -> str:
    if check is None:
        return ""
    if isinstance(check, str):
        return _CHECK_TEXT[check]
    if isinstance(check, Interval):
        return check.text()
    lo, hi = check
    return f"in [{number_text(lo)}, {number_text(hi)}]"


def _check_number(name: str, value: Any, unit: str, check: Check | None, hint: str) -> float:
    """``value`` as a float in the range ``check``, or ParameterError."""
    unit = "" if unit == "1" else unit  # no unit after a dimensionless value
    if np.ndim(value) != 0 and not isinstance(value, str):
        raise ParameterError(name, value, "must be a single number (a scalar)", unit)
    try:
        if check in (None, "finite"):
            return _validate.finite(name, value, unit)
        if check == "positive":
            return _validate.positive(name, value, unit)
        if check == "nonnegative":
            return _validate.nonnegative(name, value, unit)
        if not isinstance(check, (str, Interval)):  # a closed interval (lo, hi)
            return _validate.in_range(name, value, *check, unit)
        if isinstance(check, Interval) and math.isfinite(check.lo) and math.isfinite(check.hi):
            return _validate.in_range(name, value, check.lo, check.hi, unit,
                                      inclusive=check.closed)
        x = _validate.finite(name, value, unit)
        if check == "nonzero":
            _validate.require(name, x, x != 0.0, "must be nonzero", unit)
        else:  # one-sided
            assert isinstance(check, Interval)
            lo_in, hi_in = check.closed
            ok = ((x >= check.lo) if lo_in else (x > check.lo)) and \
                ((x <= check.hi) if hi_in else (x < check.hi))
            _validate.require(name, x, ok, f"must be {check.text()}", unit)
        return x
    except ParameterError as err:
        if hint and isinstance(err.value, float) and math.isfinite(err.value):
            raise ParameterError(name, err.value, f"{err.requirement} ({hint})", unit) from None
        raise


def material(name: str, value: Any, cls: type[Any], default: str | None) -> Any:
    """A material of class ``cls`` from an instance, a built-in name or None (``default``).

    Raises
    ------
    ParameterError
        (named ``name``) for an unknown name or a material of another class.
    """
    from . import materials as mats  # the materials declare their fields with this module

    if value is None:
        value = default
    if isinstance(value, str):
        try:
            value = mats.get(value)
        except KeyError:
            raise ParameterError(name, value, f"is not a built-in material; known: "
                                 f"{', '.join(mats.names())}") from None
    if not isinstance(value, cls):
        raise ParameterError(name, getattr(value, "name", value),
                             f"must be a {cls.__name__} (nf.materials.{cls.__name__} or "
                             "a built-in name)")
    return value


@dataclasses.dataclass(frozen=True, slots=True)  # slots: hundreds are made at import
class Parameter:
    """The declaration of one parameter.

    Parameters
    ----------
    unit : str or None
        SI unit of a number (of each entry of a sequence), ``"1"`` if dimensionless;
        None for what is not a quantity.
    check : str, (float, float), Interval or None
        Range of a number or integer: ``"finite"``, ``"positive"``, ``"nonnegative"``,
        ``"nonzero"``, a closed interval ``(lo, hi)`` or an :class:`Interval`.
    description : str
        One sentence, without the unit, range or default (those are added where it is
        shown).
    kind : str
        One of :data:`KINDS` (default ``"number"``).
    choices : tuple or dict
        The words (or integers) a ``"word"`` or ``"integer"`` parameter takes, or the
        words a ``"number"`` takes besides a number; a dict gives each its meaning (kept
        in ``meanings``).
    entries : int or tuple of int, optional
        A number parameter takes a sequence of this many numbers (or of one of these
        lengths); ``labels`` name them, ``broadcast`` lets one number stand for all.
    none : str, optional
        None is accepted (and kept); the text says what it means.
    material : type, optional
        Material class of a ``"material"`` parameter; ``builtin`` is the built-in
        material that None stands for.
    type_name : str
        Python type of an ``"object"`` parameter, for the docs.
    hint : str
        Added to the message of a value out of range, e.g. why the range is what it is.
    details : str
        Further sentences for the docs (not the command-line help).
    derive : str, optional
        Materials: method that derives the value when it is None.
    name, default
        Filled in where the parameter is bound: the field or argument name and its
        default (:data:`REQUIRED` if none).
    """

    unit: str | None = None
    check: Check | None = None
    description: str = ""
    _: dataclasses.KW_ONLY
    kind: str = "number"
    choices: tuple[Any, ...] | Mapping[Any, str] = ()
    meanings: tuple[str, ...] = ()
    entries: int | tuple[int, ...] | None = None
    labels: tuple[str, ...] = ()
    broadcast: bool = False
    none: str | None = None
    material: type | None = None
    builtin: str | None = None
    type_name: str = ""
    hint: str = ""
    details: str = ""
    derive: str | None = None
    name: str = ""
    default: Any = REQUIRED

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {KINDS}")
        if isinstance(self.choices, Mapping):
            object.__setattr__(self, "meanings", tuple(self.choices.values()))
            object.__setattr__(self, "choices", tuple(self.choices))

    # ---- what it accepts -----------------------------------------------------------------
    @property
    def values(self) -> tuple[Any, ...]:
        """The words (or integers) of ``choices``; for a law, the law names."""
        if self.kind == "law":
            from .laws import names

            return names()
        return tuple(self.choices)

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def replace(self, **changes: Any) -> Parameter:
        """A copy with some attributes changed (e.g. another description or default)."""
        if "choices" in changes or "kind" in changes:  # checked and normalised again
            return dataclasses.replace(self, **changes)
        unknown = set(changes) - set(self.__slots__)
        if unknown:
            raise TypeError(f"Parameter has no attribute(s) {sorted(unknown)}")
        new = object.__new__(Parameter)  # a plain copy: declarations are made at import
        for name in self.__slots__:
            object.__setattr__(new, name, changes[name] if name in changes
                               else getattr(self, name))
        return new

    def range_text(self) -> str:
        """The range of a number or integer as text: ``"> 0"``, ``"in [-1, 1]"``, ``""``."""
        return _range_text(self.check)

    def _one_of(self) -> str:
        values = self.values
        text = f"must be one of {values!r}"
        meanings = [f"{c!r} ({m})" for c, m in zip(self.choices, self.meanings, strict=False)
                    if m]
        if meanings:
            text += ": " + ", ".join(meanings[:-1]) + (" or " if len(meanings) > 1 else "") \
                + meanings[-1]
        return text

    def requirement(self) -> str:
        """What a valid value is, as the end of an error message (``"must be ..."``)."""
        unit = f" [{self.unit}]" if self.unit not in (None, "1") else ""
        number = f"a number {self.range_text()}".rstrip() + unit
        if self.entries is not None:
            lengths = (self.entries,) if isinstance(self.entries, int) else self.entries
            count = " or ".join(str(n) for n in lengths)
            labels = f" ({', '.join(self.labels)})" if self.labels else ""
            text = f"must be {count} numbers{labels}{unit}"
            return text + (" or one for all" if self.broadcast else "")
        if self.kind == "number" and self.choices:
            return f"{self._one_of()} or {number}"
        if self.kind in ("word", "law") or self.choices:
            return self._one_of()
        if self.kind == "integer":
            return f"must be an integer {self.range_text()}".rstrip()
        if self.kind == "bool":
            return "must be True or False"
        return f"must be {number}"

    # ---- the check -----------------------------------------------------------------------
    def validate(self, value: Any) -> Any:
        """``value`` checked against the declaration and normalised.

        Numbers become ``float`` (sequences tuples of floats), integers ``int``, a
        direction a tuple of three floats of unit length, a material name the built-in
        material, a law name the law object. None stays None where it is allowed.

        Raises
        ------
        ParameterError
            Naming the parameter, the value, what is valid and the unit.
        """
        if value is None:
            if self.kind == "material" and self.builtin is not None:
                value = self.builtin
            elif self.none is not None or self.derive is not None:
                return None
        return _VALIDATORS[self.kind](self, value)

    def _number(self, value: Any) -> Any:
        name, unit = self.name, self.unit or ""
        if self.choices and isinstance(value, str):
            if value in self.values:
                return value
            raise ParameterError(name, value, self.requirement())
        if self.entries is None:
            if self.choices and not _real(value):
                raise ParameterError(name, value, self.requirement())
            return _check_number(name, value, unit, self.check, self.hint)
        lengths = (self.entries,) if isinstance(self.entries, int) else self.entries
        if isinstance(value, str) or not ((np.ndim(value) == 0 and self.broadcast)
                                          or isinstance(value, Sequence | np.ndarray)):
            raise ParameterError(name, value, self.requirement(), unit)
        items = (value,) * lengths[0] if np.ndim(value) == 0 else tuple(value)
        if len(items) not in lengths:
            raise ParameterError(name, value, self.requirement(), unit)
        out = []
        for i, item in enumerate(items):
            try:
                out.append(_check_number(f"{name}[{i}]", item, unit, self.check, self.hint))
            except ParameterError as err:
                err.name, err.index = name, (i,)
                raise
        return tuple(out)

    def _integer(self, value: Any) -> Any:
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) \
                or (self.choices and value not in self.values):
            raise ParameterError(self.name, value, self.requirement())
        value = int(value)
        if self.check is not None:
            try:
                _check_number(self.name, value, "", self.check, "")
            except ParameterError:
                raise ParameterError(self.name, value, self.requirement()) from None
        return value

    def _bool(self, value: Any) -> Any:
        if not isinstance(value, (bool, np.bool_)):
            raise ParameterError(self.name, value, self.requirement())
        return bool(value)

    def _word(self, value: Any) -> Any:
        if not (isinstance(value, str) and value in self.values):
            raise ParameterError(self.name, value, self.requirement())
        return value

    def _vector(self, value: Any) -> Any:
        vector = _validate.unit_vector(self.name, value)
        if vector.ndim != 1:
            raise ParameterError(self.name, value, "must be one 3-vector (shape (3,))")
        return tuple(float(c) for c in vector)

    def _material(self, value: Any) -> Any:
        assert self.material is not None, "a material parameter declares its class"
        return material(self.name, value, self.material, None)

    def _law(self, value: Any) -> Any:
        from .laws import resolve

        return resolve(value, self.name)

    def _interface(self, value: Any) -> Any:
        from .interface import NFInterface

        if not isinstance(value, NFInterface):
            raise ParameterError(self.name, value,
                                 "must be an nf.NFInterface or None (the built-in "
                                 "parameters of the metal|magnet pair); for a parameter "
                                 "set use nf.materials.interface_parameters(...)"
                                 ".to_interface()")
        return value

    def _object(self, value: Any) -> Any:
        return value

    # ---- documentation -------------------------------------------------------------------
    def type_text(self) -> str:
        """The numpydoc type: ``"float"``, ``"{'open', 'shorted'}"``, ``"3-vector"`` ..."""
        kind = self.kind
        words = "{" + ", ".join(repr(v) for v in self.values) + "}"
        if kind == "number":
            text = "float"
            if self.entries is not None:
                n = self.entries if isinstance(self.entries, int) else None
                text = ("(" + ", ".join(["float"] * n) + ")") if n else "sequence of float"
                if self.broadcast:
                    text = f"float or {text}"
            if self.choices:
                text = f"{words} or {text}"
        else:
            text = {"integer": words if self.choices else "int", "bool": "bool",
                    "word": words, "vector": "3-vector",
                    "material": f"{getattr(self.material, '__name__', 'material')} or str",
                    "law": f"{words} or InterfaceLaw", "interface": "NFInterface",
                    "object": self.type_name or "object"}[kind]
        if self.none is not None and not (kind == "material" and self.builtin):
            text += " or None"
        return text + ("" if self.required else ", optional")

    def default_text(self) -> str:
        """The default as Python text (``5e-09``, ``(1, 0, 0)``, ``'elastic'``)."""
        value = self.default
        if value is None and self.kind == "material" and self.builtin:
            return f"built-in {self.builtin!r}"
        if value is None and self.none:
            return f"None, {self.none}"
        return _python_text(value)

    def doc_text(self) -> str:
        """The description with unit, range and default, for a docstring."""
        text = self.description.rstrip(".")
        if self.unit is not None:
            text += f" [{self.unit}]"
        facts = [self.range_text()] if self.kind in ("number", "integer") else []
        if self.kind == "vector":
            facts.append("nonzero, normalised")
        if self.none and (self.default is not None or self.required):
            facts.append(f"None: {self.none}")
        if not self.required and self.derive is None:  # a derivation is in the details
            facts.append(f"default {self.default_text()}")
        facts = [f for f in facts if f]
        text += f" ({'; '.join(facts)})." if facts else "."
        return f"{text} {self.details}" if self.details else text


def _real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _python_text(value: Any) -> str:
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(_python_text(v) for v in value) + ")"
    return repr(value)


_VALIDATORS: dict[str, Callable[[Parameter, Any], Any]] = {
    kind: getattr(Parameter, f"_{kind}") for kind in KINDS}


@dataclasses.dataclass(frozen=True)
class Observable:
    """The declaration of an observable: its unit and a one-sentence description."""

    unit: str
    description: str


# ---------------------------------------------------------------------------------------
# Declarations on dataclass fields
# ---------------------------------------------------------------------------------------


def declare(parameter: Parameter, **options: Any) -> Any:
    """A dataclass field declared by ``parameter`` (``options`` go to
    :func:`dataclasses.field`, e.g. ``default=``)."""
    metadata: dict[str, Any] = {"parameter": parameter}
    if parameter.unit is not None:
        metadata["unit"] = parameter.unit
    return dataclasses.field(metadata=metadata, **options)


@functools.cache
def declared(cls: type) -> dict[str, Parameter]:
    """The declared fields of a dataclass, ``{name: Parameter}`` in field order (with
    their names, and their dataclass defaults where they have one)."""
    out = {}
    for f in dataclasses.fields(cls):
        p = f.metadata.get("parameter")
        if p is not None:
            default = f.default if f.default is not dataclasses.MISSING else REQUIRED
            out[f.name] = p.replace(name=f.name, default=default)
    return out


def check_fields(obj: object) -> None:
    """Check every declared field of a (frozen) dataclass instance and store the
    normalised values, in field order; the first bad one raises ParameterError."""
    cls: type = type(obj)  # a bare ``type`` is Hashable to mypy (python/mypy#11470)
    for name, p in declared(cls).items():
        object.__setattr__(obj, name, p.validate(getattr(obj, name)))


# ---------------------------------------------------------------------------------------
# Docstrings
# ---------------------------------------------------------------------------------------


def _section_index(lines: list[str], after: tuple[str, ...]) -> int:
    """Index of the first numpydoc section header (a line underlined by dashes) whose
    title is not in ``after``; the end if there is none."""
    for i in range(1, len(lines) - 1):
        under = lines[i + 1].strip()
        if lines[i].strip() and len(under) >= 3 and set(under) == {"-"} \
                and lines[i].strip() not in after:
            return i
    return len(lines)


def _insert_section(doc: str | None, title: str, body: list[str],
                    after: tuple[str, ...] = ()) -> str:
    """``doc`` with the numpydoc section ``title`` inserted before its first section
    (but after the sections in ``after``), in the indentation of the docstring."""
    lines = (doc or "").rstrip().splitlines()
    indents = [len(x) - len(x.lstrip()) for x in lines[1:] if x.strip()]
    pad = " " * (min(indents) if indents else 4)
    at = _section_index(lines, after)
    head, tail = lines[:at], lines[at:]
    while head and not head[-1].strip():
        head.pop()
    section = ["", pad + title, pad + "-" * len(title)] + [pad + x if x else "" for x in body]
    return "\n".join(head + section + [""] + tail)


def _wrap(text: str, first: str, indent: str, width: int = 84) -> list[str]:
    """``text`` broken at blanks into lines of at most ``width`` characters (a long word
    overflows); a plain greedy wrap, much cheaper than textwrap at import."""
    lines, line = [], first
    for word in text.split():
        if len(line) + len(word) + 1 > width and line.strip():
            lines.append(line)
            line = indent + word
        else:
            line += (" " if line.strip() else "") + word
    return [*lines, line]


def _parameter_lines(parameters: Iterable[Parameter]) -> list[str]:
    lines = []
    for p in parameters:
        lines.append(f"{p.name} : {p.type_text()}")
        lines += _wrap(p.doc_text(), "    ", "    ")
    return lines


def _observable_lines(declared_observables: Mapping[str, Observable]) -> list[str]:
    lines = ["Solution", "    Its ``observables`` (SI units):", ""]
    for name, o in declared_observables.items():
        lines += _wrap(f"- ``{name}`` [{o.unit}]: {o.description}", "    ", "      ")
    return lines


def documented(parameters: Iterable[Parameter]) -> Callable[[_T], _T]:
    """Decorator: a ``Parameters`` section written from ``parameters`` goes before the
    first section of the docstring (the decorated object is returned as it is)."""

    def decorate(obj: _T) -> _T:
        obj.__doc__ = _insert_section(obj.__doc__, "Parameters", _parameter_lines(parameters))
        return obj

    return decorate


def _bind(func: Callable[..., Any], declarations: Mapping[str, Parameter],
          sig: inspect.Signature) -> dict[str, Parameter]:
    """The declarations named and with the defaults of ``func``'s signature ``sig``;
    TypeError unless every argument (but self and ``**kwargs``) is declared and nothing
    else."""
    names = [n for n, p in sig.parameters.items()
             if n != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if set(names) != set(declarations):
        raise TypeError(f"{func.__qualname__}: arguments {sorted(names)} but declarations "
                        f"{sorted(declarations)}")
    return {n: declarations[n].replace(name=n, default=sig.parameters[n].default)
            for n in names}


class Template(Protocol[_P, _R]):
    """A template's factory (:func:`template`): called as the function it decorates, it
    carries the declarations of its arguments and the class it builds."""

    parameters: dict[str, Parameter]
    device_class: type[Any]

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R: ...


def template(cls: type) -> Callable[[Callable[_P, _R]], Template[_P, _R]]:
    """Decorator of a template's factory: it takes the declared fields of ``cls``.

    Sets ``factory.parameters`` (``{name: Parameter}`` with the factory's defaults) and
    ``factory.device_class = cls`` and writes the ``Parameters`` section of its
    docstring. The checks are the dataclass's (:func:`check_fields`).
    """

    def decorate(factory: Callable[_P, _R]) -> Template[_P, _R]:
        bound = _bind(factory, declared(cls), inspect.signature(factory))
        out = cast(Template[_P, _R], factory)
        out.parameters = bound
        out.device_class = cls
        return documented(bound.values())(out)

    return decorate


def checked(**declarations: Parameter) -> Callable[[_F], _F]:
    """Decorator of a method or function whose arguments are declared here.

    Every call checks the arguments (:meth:`Parameter.validate`) and passes the
    normalised values on; ``func.parameters`` holds the declarations (with the
    signature's defaults) and the docstring gets their ``Parameters`` section.
    Arguments caught by ``**kwargs`` pass unchecked.
    """

    def decorate(func: _F) -> _F:
        sig = inspect.signature(func)
        bound = _bind(func, declarations, sig)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            call = sig.bind(*args, **kwargs)
            for name, value in call.arguments.items():
                if name in bound:
                    call.arguments[name] = bound[name].validate(value)
            return func(*call.args, **call.kwargs)

        cast(Any, wrapper).parameters = bound  # a function attribute, read by nfdiff.cli
        return cast(_F, documented(bound.values())(wrapper))

    return decorate


def observables(**declarations: Observable) -> Callable[[_F], _F]:
    """Decorator of a ``solve`` method: the observables of the Solution it returns.

    Sets ``func.observables`` (``{name: Observable}``) and writes the ``Returns``
    section of the docstring from them.
    """

    def decorate(func: _F) -> _F:
        cast(Any, func).observables = dict(declarations)  # a function attribute
        func.__doc__ = _insert_section(func.__doc__, "Returns", _observable_lines(declarations),
                                       after=("Parameters",))
        return func

    return decorate


# ---- options of every solve ---------------------------------------------------------------
#: Newton's relative tolerance (``Device.solve`` and every template's ``solve``).
RTOL = Parameter("1", Interval(0.0, 1.0, closed=(False, False)),
                 "Relative tolerance of Newton's method on the scaled residual.",
                 name="rtol")
#: Newton's iterations per continuation stage.
MAXITER = Parameter(None, Interval(1.0), "Newton iterations per continuation stage.",
                    kind="integer", name="maxiter")

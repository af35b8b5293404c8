"""Input checks shared by the statistical modules.

Every public function in :mod:`exneuro` validates its numeric arguments with
these helpers so that bad input fails early with a message naming the
argument and the allowed range, instead of surfacing later as a NaN or a
numpy ``RuntimeWarning``.

The helpers follow one convention: a scalar in gives a Python scalar out, an
array-like in gives a ``float64`` ndarray out.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Collection
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "ALTERNATIVES",
    "as_alternative",
    "as_bool",
    "as_choice",
    "as_int",
    "as_level",
    "as_path",
    "as_probability",
    "as_real",
    "as_rng",
    "as_text",
    "broadcast",
    "broadcast_shape",
    "is_scalar",
    "require_together",
    "to_output",
]

#: Accepted values of the ``alternative`` argument, spelled as in statsmodels.
ALTERNATIVES = ("two-sided", "larger", "smaller")


def _show(value: object) -> str:
    """Format an offending value for an error message."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return repr(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    return repr(value)


def _show_bound(bound: float) -> str:
    # Bounds read better as "(0, 1)" than "(0.0, 1.0)".
    if float(bound).is_integer():
        return repr(int(bound))
    return _show(bound)


def _describe_range(
    lower: float | None,
    upper: float | None,
    lower_inclusive: bool,
    upper_inclusive: bool,
    integer: bool,
) -> str:
    kind = "an integer" if integer else ""
    if lower is not None and upper is not None:
        left = "[" if lower_inclusive else "("
        right = "]" if upper_inclusive else ")"
        bounds = f"in {left}{_show_bound(lower)}, {_show_bound(upper)}{right}"
    elif lower is not None:
        bounds = f"{'>=' if lower_inclusive else '>'} {_show_bound(lower)}"
    elif upper is not None:
        bounds = f"{'<=' if upper_inclusive else '<'} {_show_bound(upper)}"
    else:
        bounds = "finite"
    if not kind:
        return bounds
    return f"{kind} {bounds}" if bounds != "finite" else kind


def is_scalar(*values: ArrayLike | None) -> bool:
    """Return True when every value is a scalar (0-d) rather than an array.

    Parameters
    ----------
    *values : array_like or None
        Values as passed by the caller; ``None`` (an argument not given) is a scalar.

    Returns
    -------
    bool
        True when all values are ``None`` or have ``numpy.ndim(value) == 0``.

    Examples
    --------
    >>> is_scalar(1.0, 2)
    True
    >>> is_scalar(1.0, [1, 2])
    False
    """
    return all(value is None or np.ndim(value) == 0 for value in values)


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def _as_float_array(value: object, name: str) -> np.ndarray:
    """Convert to a float array, rejecting bools, strings and other non-numbers."""
    if value is None or isinstance(value, (str, bytes, bool, np.bool_, complex)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a real number or an array of real numbers") from error
    if array.dtype == np.bool_:
        raise TypeError(f"{name} must contain real numbers, got booleans")
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise TypeError(
            f"{name} must be a real number or an array of real numbers, "
            f"got {type(value).__name__} of dtype {array.dtype}"
        )
    if array.ndim > 0 and array.size == 0:
        raise ValueError(f"{name} must not be empty")
    return array.astype(float)


def as_real(
    value: object,
    name: str,
    *,
    lower: float | None = None,
    upper: float | None = None,
    lower_inclusive: bool = False,
    upper_inclusive: bool = False,
    integer: bool = False,
    reason: str | None = None,
    allow_array: bool = True,
) -> float | np.ndarray:
    """Validate a real number (or an array of them) against a range.

    Parameters
    ----------
    value : float or array_like
        The value to check.
    name : str
        Argument name used in error messages.
    lower, upper : float, optional
        Bounds of the allowed range; ``None`` means unbounded.
    lower_inclusive, upper_inclusive : bool, optional
        Whether the bounds themselves are allowed. Default False (open).
    integer : bool, optional
        Require integral values (``3`` and ``3.0`` pass, ``3.5`` fails).
    reason : str, optional
        Short explanation appended to the range in the error message.
    allow_array : bool, optional
        If False, only a scalar is accepted.

    Returns
    -------
    float or numpy.ndarray
        A Python float for scalar input, otherwise a float64 array.

    Raises
    ------
    TypeError
        If the value is a bool, a string, ``None`` or another non-number, or
        an array where a scalar is required.
    ValueError
        If the value is NaN or infinite, empty, or outside the allowed range.

    Examples
    --------
    >>> as_real(0.05, "alpha", lower=0, upper=1)
    0.05
    >>> as_real(1.5, "alpha", lower=0, upper=1)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be in (0, 1), got 1.5
    """
    array = _as_float_array(value, name)
    if array.ndim > 0 and not allow_array:
        raise TypeError(f"{name} must be a scalar, got an array of shape {array.shape}")
    flat = array.reshape(-1)
    rule = _describe_range(lower, upper, lower_inclusive, upper_inclusive, integer)
    if reason:
        rule = f"{rule} ({reason})"

    def fail(mask: np.ndarray, what: str) -> None:
        index = int(np.flatnonzero(mask)[0])
        shown = _show(value) if array.ndim == 0 else _show(flat[index])
        position = tuple(int(i) for i in np.unravel_index(index, array.shape))
        where = "" if array.ndim == 0 else f" at index {position}"
        raise ValueError(f"{name} must be {what}, got {shown}{where}")

    not_finite = ~np.isfinite(flat)
    if not_finite.any():
        fail(not_finite, "finite" if rule == "finite" else f"finite and {rule}")
    bad = np.zeros(flat.shape, dtype=bool)
    if integer:
        bad |= flat != np.floor(flat)
    if lower is not None:
        bad |= (flat < lower) if lower_inclusive else (flat <= lower)
    if upper is not None:
        bad |= (flat > upper) if upper_inclusive else (flat >= upper)
    if bad.any():
        fail(bad, rule)
    if array.ndim == 0:
        return float(array)
    return array


def as_int(value: object, name: str, *, minimum: int) -> int:
    """Validate a scalar integer with a lower bound.

    Parameters
    ----------
    value : int
        The value to check. Integral floats such as ``12.0`` are accepted.
    name : str
        Argument name used in error messages.
    minimum : int
        Smallest allowed value.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If the value is not a real scalar (bools and strings included).
    ValueError
        If the value is not integral or is below ``minimum``.

    Examples
    --------
    >>> as_int(12, "n1", minimum=2)
    12
    >>> as_int(1, "n1", minimum=2)
    Traceback (most recent call last):
    ...
    ValueError: n1 must be an integer >= 2, got 1
    """
    checked = as_real(
        value, name, lower=minimum, lower_inclusive=True, integer=True, allow_array=False
    )
    return int(checked)


def as_probability(value: object, name: str, *, allow_array: bool = True) -> float | np.ndarray:
    """Validate a probability in the open interval (0, 1), such as alpha or power.

    Parameters
    ----------
    value : float or array_like
    name : str
        Argument name used in error messages.
    allow_array : bool, optional
        If False, only a scalar is accepted.

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    TypeError, ValueError
        As for :func:`as_real`.

    Examples
    --------
    >>> as_probability(0.8, "power")
    0.8
    """
    return as_real(value, name, lower=0.0, upper=1.0, allow_array=allow_array)


def as_level(level: object) -> float:
    """Validate a confidence level in (0, 1).

    Parameters
    ----------
    level : float

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        As for :func:`as_real`.

    Examples
    --------
    >>> as_level(0.95)
    0.95
    """
    return float(as_real(level, "level", lower=0.0, upper=1.0, allow_array=False))


def as_alternative(alternative: object) -> str:
    """Validate the ``alternative`` argument of a test.

    Parameters
    ----------
    alternative : {"two-sided", "larger", "smaller"}

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``alternative`` is not a string.
    ValueError
        If it is not one of the accepted spellings.

    Examples
    --------
    >>> as_alternative("two-sided")
    'two-sided'
    """
    if not isinstance(alternative, str):
        raise TypeError(f"alternative must be a string, got {type(alternative).__name__}")
    if alternative not in ALTERNATIVES:
        allowed = ", ".join(repr(option) for option in ALTERNATIVES)
        raise ValueError(f"alternative must be one of {allowed}, got {alternative!r}")
    return alternative


def as_rng(rng: object) -> np.random.Generator:
    """Require an explicit :class:`numpy.random.Generator`.

    Seeds and the legacy ``RandomState`` are refused on purpose: simulations
    in the book must be reproducible from a generator created once by the
    caller, e.g. ``numpy.random.default_rng(2024)``.

    Parameters
    ----------
    rng : numpy.random.Generator

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        If ``rng`` is anything else.

    Examples
    --------
    >>> import numpy as np
    >>> isinstance(as_rng(np.random.default_rng(1)), np.random.Generator)
    True
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(2024), "
            f"got {type(rng).__name__}"
        )
    return rng


def broadcast_shape(**arrays: ArrayLike) -> tuple[int, ...]:
    """Shape that the named arguments broadcast to, naming the culprits if they clash.

    Parameters
    ----------
    **arrays : float or array_like
        Values keyed by argument name.

    Returns
    -------
    tuple of int

    Raises
    ------
    ValueError
        If two arguments have shapes that cannot be broadcast together; the
        message names both arguments.

    Examples
    --------
    >>> broadcast_shape(d=[0.2, 0.5], n=[[10], [20], [30]])
    (3, 2)
    """
    shapes = {name: np.shape(value) for name, value in arrays.items()}
    names = list(shapes)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            try:
                np.broadcast_shapes(shapes[first], shapes[second])
            except ValueError:
                raise ValueError(
                    f"{first} and {second} must have broadcastable shapes, "
                    f"got {shapes[first]} and {shapes[second]}"
                ) from None
    return tuple(np.broadcast_shapes(*shapes.values()))


def broadcast(**arrays: float | np.ndarray) -> tuple[np.ndarray, ...]:
    """Broadcast validated arguments, naming the culprits if shapes clash.

    Parameters
    ----------
    **arrays : float or numpy.ndarray
        Already validated values, keyed by argument name.

    Returns
    -------
    tuple of numpy.ndarray
        The broadcast arrays, in the order given.

    Raises
    ------
    ValueError
        If two arguments have shapes that cannot be broadcast together; the
        message names both arguments.

    Examples
    --------
    >>> a, b = broadcast(d=[0.2, 0.5], n=10)
    >>> b.tolist()
    [10.0, 10.0]
    """
    broadcast_shape(**arrays)
    return tuple(np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in arrays.values())))


def to_output(result: ArrayLike, scalar: bool) -> float | np.ndarray:
    """Return a Python float for scalar input and a float ndarray otherwise.

    Parameters
    ----------
    result : float or array_like
    scalar : bool
        Whether all inputs were scalars.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> to_output(0.5, True)
    0.5
    """
    if scalar:
        return float(np.asarray(result, dtype=float).reshape(-1)[0])
    return np.array(result, dtype=float)


def as_real_sequence(values: object, name: str, *, min_length: int = 1) -> np.ndarray:
    """Validate a one-dimensional sequence of finite real numbers.

    Parameters
    ----------
    values : array_like
    name : str
        Argument name used in error messages.
    min_length : int, optional
        Smallest allowed number of elements.

    Returns
    -------
    numpy.ndarray
        A 1-D float64 array.

    Raises
    ------
    TypeError
        For non-numeric content or a scalar.
    ValueError
        For NaN/inf, wrong dimensionality or too few elements.

    Examples
    --------
    >>> as_real_sequence([1, 2, 3], "means", min_length=2).tolist()
    [1.0, 2.0, 3.0]
    """
    array = as_real(values, name)
    if not isinstance(array, np.ndarray) or array.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional sequence, got shape {np.shape(array)}")
    if array.size < min_length:
        raise ValueError(f"{name} must have at least {min_length} elements, got {array.size}")
    return array


def as_text(value: object, name: str, *, allow_empty: bool = False) -> str:
    """Validate a string argument.

    Parameters
    ----------
    value : str
    name : str
        Argument name used in error messages.
    allow_empty : bool, optional
        Accept ``""`` (or only spaces). Default False.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If it is empty (or only spaces) and ``allow_empty`` is False.

    Examples
    --------
    >>> as_text("d", "xlabel")
    'd'
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value


def as_choice(value: object, name: str, choices: Collection[str]) -> str:
    """Validate a string that must be one of a few options.

    Parameters
    ----------
    value : str
    name : str
        Argument name used in error messages.
    choices : collection of str
        The accepted values.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If it is not one of ``choices``.

    Examples
    --------
    >>> as_choice("animal", "analysis", ("animal", "pooled"))
    'animal'
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if value not in choices:
        allowed = ", ".join(repr(choice) for choice in choices)
        raise ValueError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def as_bool(value: object, name: str) -> bool:
    """Validate a flag: a Python or numpy boolean (not 0/1, not a string).

    Parameters
    ----------
    value : bool
    name : str
        Argument name used in error messages.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If ``value`` is not a boolean.

    Examples
    --------
    >>> as_bool(False, "index")
    False
    """
    if not _is_bool(value):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return bool(value)


def as_path(value: object, name: str) -> Path | None:
    """Validate an optional path argument: a str or :class:`os.PathLike`, or None.

    Parameters
    ----------
    value : path-like or None
    name : str
        Argument name used in error messages.

    Returns
    -------
    pathlib.Path or None

    Raises
    ------
    TypeError
        If ``value`` is neither None, a string nor a path-like object.
    ValueError
        If it is an empty string.

    Examples
    --------
    >>> as_path("data", "folder").name
    'data'
    >>> as_path(None, "folder") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{name} must not be an empty path")
        return Path(value)
    if isinstance(value, os.PathLike):
        return Path(value)
    raise TypeError(f"{name} must be a path (str or os.PathLike) or None, "
                    f"got {type(value).__name__}")


def require_together(first: str, first_value: object, second: str, second_value: object) -> None:
    """Require two optional arguments to be given together or not at all.

    Parameters
    ----------
    first, second : str
        Argument names.
    first_value, second_value : Any
        Their values; None means "not given".

    Raises
    ------
    ValueError
        Naming the argument that is missing.

    Examples
    --------
    >>> require_together("n1", 10, "n2", 12)
    """
    if (first_value is None) == (second_value is None):
        return
    missing, given = (first, second) if first_value is None else (second, first)
    raise ValueError(f"{missing} must be given together with {given} (or both left as None)")

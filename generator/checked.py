"""Records read back from a file the build wrote but cannot vouch for (the caches), checked against
their dataclass before use: a wrong type is a stale or tampered entry, never trusted and never fatal."""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from datetime import date
from functools import lru_cache

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # what ids are made of: they become file names


class Invalid(ValueError):
    pass


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def check(value, expected=None, where: str = "") -> None:
    """Raise Invalid (naming the field) unless `value` matches `expected` (its own dataclass by default).

    A compiled test per type answers first (a build checks millions of cached fields); only a record
    that fails it is walked again to name the field that is wrong."""
    if expected is None:
        expected = type(value)
    if _test(expected)(value):
        return None
    _explain(value, expected, where)
    raise Invalid(f"{where or 'value'}: does not match {expected}")  # (the test and the walk agree)


@lru_cache(maxsize=None)
def _test(expected):
    """A function telling whether a value matches the type `expected`, built once per type."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        options = [_test(option) for option in typing.get_args(expected)]
        return lambda value: any(option(value) for option in options)
    if expected is type(None):
        return lambda value: value is None
    if origin in (list, tuple):
        args = typing.get_args(expected)
        if origin is tuple and args and args[-1] is not Ellipsis:
            parts = [_test(kind) for kind in args]
            return lambda value: isinstance(value, tuple) and len(value) == len(parts) and all(
                part(item) for part, item in zip(parts, value))
        item = _test(args[0]) if args else (lambda value: True)
        return lambda value: isinstance(value, origin) and all(item(x) for x in value)
    if expected is typing.Any:
        return lambda value: True
    if dataclasses.is_dataclass(expected):
        hints = _hints(expected)
        tests = [(f.name, _test(hints[f.name])) for f in dataclasses.fields(expected)]
        return lambda value: isinstance(value, expected) and all(test(getattr(value, name)) for name, test in tests)
    if expected is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    return lambda value: isinstance(value, expected)


def _explain(value, expected, where: str) -> None:
    """Raise Invalid naming the first field of `value` that does not match `expected`."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(expected):
            try:
                return check(value, option, where)
            except Invalid:
                continue
        raise Invalid(f"{where or 'value'}: {type(value).__name__} is not {expected}")
    if expected is type(None):
        if value is not None:
            raise Invalid(f"{where}: {value!r} is not None")
        return None
    if origin in (list, tuple):
        if not isinstance(value, origin):
            raise Invalid(f"{where}: {type(value).__name__} is not a {origin.__name__}")
        args = typing.get_args(expected)
        if origin is tuple and args and args[-1] is not Ellipsis:
            if len(value) != len(args):
                raise Invalid(f"{where}: {len(value)} items, not {len(args)}")
            for n, (item, kind) in enumerate(zip(value, args)):
                check(item, kind, f"{where}[{n}]")
            return None
        for n, item in enumerate(value):
            check(item, args[0] if args else typing.Any, f"{where}[{n}]")
        return None
    if expected is typing.Any:
        return None
    if dataclasses.is_dataclass(expected):
        if not isinstance(value, expected):
            raise Invalid(f"{where}: {type(value).__name__} is not a {expected.__name__}")
        hints = _hints(expected)
        for f in dataclasses.fields(expected):
            check(getattr(value, f.name), hints[f.name], f"{where}.{f.name}" if where else f.name)
        return None
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return None
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        raise Invalid(f"{where}: {type(value).__name__} is not {getattr(expected, '__name__', expected)}")
    if expected is date:
        return None
    return None

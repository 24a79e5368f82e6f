"""Refusals are precise: services raise a kind of ``DomainError``, tests expect that kind.

The base stays for ``except DomainError`` in the views, which turn every kind into a
message; nothing raises it and no test settles for it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from delprojekt.services.errors import (
    DomainError,
    GuardFailed,
    Invalid,
    Locked,
    NotAllowed,
    StaleState,
)

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = ("delprojekt", "uppfoljning")
BASE = "DomainError"


def _sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _is_base(node: ast.expr) -> bool:
    """``DomainError`` or ``errors.DomainError``."""
    return (isinstance(node, ast.Name) and node.id == BASE) or (
        isinstance(node, ast.Attribute) and node.attr == BASE
    )


def _is_pytest_raises(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "raises") or (
        isinstance(node, ast.Name) and node.id == "raises"
    )


def base_constructed(source: str) -> list[int]:
    """Lines that raise or build the base itself: ``raise DomainError``,
    ``DomainError(...)`` (also in a helper that returns the refusal to raise)."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        bare = isinstance(node, ast.Raise) and node.exc is not None and _is_base(node.exc)
        if bare or (isinstance(node, ast.Call) and _is_base(node.func)):
            lines.add(node.lineno)
    return sorted(lines)


def base_expected(source: str) -> list[int]:
    """Lines with ``pytest.raises(DomainError ...)``, alone or in a tuple."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _is_pytest_raises(node.func) and node.args:
            first = node.args[0]
            kinds = first.elts if isinstance(first, ast.Tuple) else [first]
            if any(_is_base(k) for k in kinds):
                lines.append(node.lineno)
    return sorted(lines)


def _offenders(check, folders: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _sources(*folders)
        for line in check(path.read_text(encoding="utf-8"))
    ]


def test_the_application_never_raises_the_base():
    offenders = _offenders(base_constructed, APPLICATION)
    assert not offenders, (
        "Raise a precise kind (NotAllowed, Invalid, GuardFailed, StaleState, Locked), "
        "not DomainError: " + ", ".join(offenders)
    )


def test_no_test_expects_the_base():
    offenders = _offenders(base_expected, ("tests",))
    assert not offenders, (
        "Expect the precise kind the service raises, not DomainError: " + ", ".join(offenders)
    )


def test_the_checks_find_what_they_look_for():
    source = """
from delprojekt.services import errors
from delprojekt.services.errors import DomainError, Invalid

def refuse(message):
    return DomainError(message)

def f():
    raise DomainError("a")
    raise errors.DomainError("b")
    raise DomainError
    raise Invalid("fine")

try:
    f()
except DomainError as exc:
    raise

with pytest.raises(DomainError):
    f()
with pytest.raises((Invalid, DomainError), match="a"):
    f()
with pytest.raises(Invalid):
    f()
"""
    assert base_constructed(source) == [6, 9, 10, 11]
    assert base_expected(source) == [19, 21]


@pytest.mark.parametrize("kind", [NotAllowed, Invalid, GuardFailed, StaleState, Locked])
def test_every_kind_is_a_domain_error_with_its_messages(kind):
    exc = kind("Första.", "Andra.", field_errors={"datum": ["Fel datum."]})
    assert isinstance(exc, DomainError)
    assert exc.messages == ["Första.", "Andra."]
    assert exc.field_errors == {"datum": ["Fel datum."]}
    assert str(exc) == "Första. Andra."

"""The acting user is typed in every module mypy checks: a parameter named ``user`` is
annotated, and not with ``Any`` or ``object``.

The modules are the ones ``[tool.mypy] files`` in ``pyproject.toml`` lists, so a module
added there is walked here too.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAGUE = {"Any", "object"}


def checked_files() -> list[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    files: list[Path] = []
    for entry in config["tool"]["mypy"]["files"]:
        path = ROOT / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


def _vague(annotation: ast.expr) -> bool:
    """``Any``, ``typing.Any``, ``object``, or a union or string that holds one of them."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        return _vague(ast.parse(annotation.value, mode="eval").body)
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in VAGUE:
            return True
        if isinstance(node, ast.Attribute) and node.attr in VAGUE:
            return True
    return False


def untyped_users(source: str, filename: str) -> list[str]:
    """``file:line:function`` for each parameter ``user`` without a precise annotation."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if arg.arg == "user" and (arg.annotation is None or _vague(arg.annotation)):
                found.append(f"{filename}:{node.lineno}:{node.name}")
    return found


def test_the_checked_modules_are_found():
    files = checked_files()
    names = {p.relative_to(ROOT).as_posix() for p in files}
    assert "delprojekt/services/workflow.py" in names
    assert "uppfoljning/services/omgang.py" in names
    assert {"delprojekt/workflow.py", "delprojekt/selectors.py"} <= names
    assert all(p.is_file() for p in files)


def test_no_user_parameter_is_any_or_unannotated():
    offenders = []
    walked = 0
    for path in checked_files():
        source = path.read_text()
        walked += source.count("user:")
        offenders += untyped_users(source, path.relative_to(ROOT).as_posix())
    assert walked > 100
    assert offenders == []


def test_it_names_each_vague_or_missing_annotation():
    source = (
        "import typing\n"
        "from typing import Any\n"
        "def a(user: Any): ...\n"
        "def b(*, user): ...\n"
        "async def c(user: 'Any | None'): ...\n"
        "class K:\n"
        "    def d(self, user: typing.Any): ...\n"
        "def e(user: object, /): ...\n"
        "def ok(user: User, users: Any): ...\n"
    )
    assert sorted(untyped_users(source, "x.py")) == [
        "x.py:3:a",
        "x.py:4:b",
        "x.py:5:c",
        "x.py:7:d",
        "x.py:8:e",
    ]

"""Finds user-facing string literals in screen code that skip the translation call.

A literal is user-facing when it is passed as a text-like keyword argument
(`text=`, `label=`, `hint_text=`, `tooltip=`, `value=`, `*_text=`, ...) or as the
first argument of a control that shows it (`ft.Text("...")`, `ft.Button("...")`).
Whatever comes out of a call (`t.gettext("...")`, `label(...)`,
`format_date(...)`) is fine. Strings without letters ("", ": ", "{n}/{total}")
are fine, and so is a key-like `value=` ("den_haag") that selects an option.
A line may opt out with a trailing `# i18n: ignore <reason>` comment.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_KEYWORDS = frozenset({
    "text", "label", "hint_text", "tooltip", "value", "title", "subtitle", "content",
    "message", "helper", "error", "counter", "prefix", "suffix", "semantics_label",
    "additional_info", "placeholder",
})
# Controls whose first positional argument is shown as text.
TEXT_CONTROLS = frozenset({
    "Text", "TextSpan", "Markdown", "Button", "TextButton", "OutlinedButton",
    "FilledButton", "FilledTonalButton", "ElevatedButton", "Tab", "Chip", "SnackBar",
    "FloatingActionButton", "Tooltip",
})
_LETTER = re.compile(r"[^\W\d_]")
_KEY = re.compile(r"^[a-z][a-z0-9_.:/-]*$")
IGNORE_MARK = "# i18n: ignore"


@dataclass(frozen=True)
class Finding:
    """One literal that a user would see untranslated."""

    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def scan_file(path: Path, *, allowed: frozenset[str] = frozenset()) -> list[Finding]:
    """The untranslated user-facing literals of one Python file."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node, text in _literals(ast.parse(source, filename=str(path))):
        if text in allowed or IGNORE_MARK in lines[node.lineno - 1]:
            continue
        found.append(Finding(path, node.lineno, text))
    return found


def scan(paths: list[Path], *, allowed: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings of every `.py` file under `paths` (folders that do not exist are empty)."""
    files = sorted(f for p in paths if p.exists() for f in p.rglob("*.py"))
    return [finding for f in files for finding in scan_file(f, allowed=allowed)]


def _literals(tree: ast.AST) -> Iterator[tuple[ast.expr, str]]:
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if _name(call.func) in TEXT_CONTROLS and call.args:
            yield from _shown(call.args[0], key_ok=False)
        for kw in call.keywords:
            if kw.arg in TEXT_KEYWORDS or (kw.arg or "").endswith("_text"):
                yield from _shown(kw.value, key_ok=kw.arg == "value")


def _shown(node: ast.expr, *, key_ok: bool) -> Iterator[tuple[ast.expr, str]]:
    """The literal pieces of `node` that end up on screen as they are."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _LETTER.search(node.value) and not (key_ok and _KEY.match(node.value)):
            yield node, node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _shown(part, key_ok=False)
    elif isinstance(node, ast.IfExp):
        yield from _shown(node.body, key_ok=key_ok)
        yield from _shown(node.orelse, key_ok=key_ok)
    elif isinstance(node, ast.BinOp):
        yield from _shown(node.left, key_ok=False)
        yield from _shown(node.right, key_ok=False)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _shown(value, key_ok=key_ok)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""

"""The import rules of docs/architecture.md: imports only go downward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {"model", "storage", "sync", "fieldapp", "views", "locales", "server", "main"}

# package -> what it must never import (project packages and third-party libraries)
FORBIDDEN: dict[str, set[str]] = {
    "model": PROJECT - {"model", "locales"} | {"flet", "tinydb", "requests", "sqlalchemy",
                                              "fastapi", "cryptography"},
    "locales": PROJECT - {"locales", "model"} | {"flet", "tinydb", "requests", "sqlalchemy"},
    "storage": {"fieldapp", "views", "sync", "server", "main", "flet", "requests", "sqlalchemy"},
    "sync": {"fieldapp", "views", "server", "main", "sqlalchemy", "tinydb"},
    # The field app's application layer: what the screens call, with no Flet in it.
    "fieldapp": {"views", "server", "main", "flet", "flet_secure_storage", "tinydb", "requests",
                 "sqlalchemy"},
    # Screens reach the phone's data and sync only through `fieldapp`.
    "views": {"storage", "sync", "server", "main", "tinydb", "requests", "sqlalchemy"},
    "server": {"storage", "sync", "fieldapp", "views", "main", "tinydb"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def violations(package: str, root: Path = ROOT) -> list[str]:
    bad = []
    for path in sorted((root / package).rglob("*.py")):
        for module in imported_modules(path):
            parts = module.split(".")
            names = {".".join(parts[: i + 1]) for i in range(len(parts))}
            for name in names & FORBIDDEN[package]:
                bad.append(f"{path.relative_to(root)} imports {name}")
    return bad


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_only_go_downward(package: str) -> None:
    assert violations(package) == []


def test_field_app_entry_does_not_import_the_server() -> None:
    main = ROOT / "main.py"
    if main.exists():
        assert not {m for m in imported_modules(main) if m.split(".")[0] == "server"}


def test_rule_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("import requests\nfrom server.app import app\n", encoding="utf-8")
    assert imported_modules(bad) == {"requests", "server.app"}


# Server pages build no queries: what they need from the database comes from
# `server/services`. The session types stay allowed, for type hints.
QUERY_FREE = ROOT / "server" / "web"
DATABASE_MODULES = ("sqlalchemy", "server.models", "server.db")
TYPE_HINTS = {"sqlalchemy.orm.Session", "server.db.SessionFactory"}


def query_imports(path: Path, *, root: Path = ROOT) -> list[str]:
    """What `path` imports of SQLAlchemy, the models or the engine, but the session types."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, path.relative_to(root))
            names += [f"{module}.{alias.name}" for alias in node.names]
    return [name for name in names if name not in TYPE_HINTS and any(
        name == m or name.startswith(m + ".") for m in DATABASE_MODULES)]


def _absolute(node: ast.ImportFrom, relative_path: Path) -> str:
    if node.level == 0:
        return node.module or ""
    package = relative_path.parent.parts
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def test_server_pages_build_no_queries() -> None:
    assert [f"{path.relative_to(ROOT)} imports {name}"
            for path in sorted(QUERY_FREE.rglob("*.py")) for name in query_imports(path)] == []


def test_query_checker_catches_a_planted_query(tmp_path: Path) -> None:
    web = tmp_path / "server" / "web"
    web.mkdir(parents=True)
    planted = web / "page.py"
    planted.write_text(
        "from sqlalchemy import select, func\nimport sqlalchemy as sa\n"
        "from sqlalchemy.orm import Session, aliased\nfrom server.models import User\n"
        "from server import models\nfrom ..models import Device\n"
        "from server.db import SessionFactory, make_engine\n", encoding="utf-8")
    assert sorted(query_imports(planted, root=tmp_path)) == [
        "server.db.make_engine", "server.models", "server.models.Device", "server.models.User",
        "sqlalchemy", "sqlalchemy.func", "sqlalchemy.orm.aliased", "sqlalchemy.select"]
    fine = web / "fine.py"
    fine.write_text("from sqlalchemy.orm import Session\nfrom server.db import SessionFactory\n"
                    "from server.services import contacts\nfrom . import ids\n", encoding="utf-8")
    assert query_imports(fine, root=tmp_path) == []


def test_rule_checker_catches_a_screen_reaching_past_the_field_app(tmp_path: Path) -> None:
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "screen.py").write_text(
        "from sync.report import SyncStatus\nimport storage.pin\nfrom fieldapp.app import FieldApp\n",
        encoding="utf-8")
    assert sorted(violations("views", root=tmp_path)) == [
        "views/screen.py imports storage", "views/screen.py imports sync"]


def test_rule_checker_catches_flet_in_the_field_app(tmp_path: Path) -> None:
    (tmp_path / "fieldapp").mkdir()
    (tmp_path / "fieldapp" / "part.py").write_text("import flet as ft\n", encoding="utf-8")
    assert violations("fieldapp", root=tmp_path) == ["fieldapp/part.py imports flet"]

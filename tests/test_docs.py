"""The README and the docs name only what is in the repository, and point nowhere outside it.

What counts as a reference to the repository:

- a link target `[text](target)`, relative to the file it is in, as Markdown renders it;
- a code span that is one word with a `/` in it (`storage/records.py`, `docs/`), or a file
  name ending in a source suffix (`main.py`, `pyproject.toml`), written from the repository's
  root or from the document's own folder;
- a code span that is a dotted name starting with one of the project's packages
  (`sync.engine.SyncEngine.run`): the module must exist and define the name (and a class
  the method named after it);
- a `.md` or `.py` file named in plain text (`README.md`), as for code spans.

Not references: URLs, server paths (`/api/v1/health`), commands and options (anything with
a space, or starting with `-`), environment variables and assignments (`DATABASE_URL`,
`CI=true`), placeholders and globs (`/contacts/<id>`, `{field}`, `*.md`), file names of
other kinds (`cert.pem`, `settings.json`), and what `.gitignore` keeps out of the
repository (`data/`, `test-artifacts/`).
"""

from __future__ import annotations

import ast
import fnmatch
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`\n]+)`")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+")
_PLAIN_FILE = re.compile(r"(?<![\w./-])((?:\.\./|\./)*[\w-]+(?:[./][\w-]+)*\.(?:md|py))\b")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")
# Placeholders, globs, alternatives, assignments and commands are examples, not paths.
_NOT_A_PATH = set(" <>{}[]*|=$…()")
_SOURCE_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".po", ".pot", ".sh", ".mako", ".ini"}


def documents() -> list[Path]:
    """The README and every file under docs/."""
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def problems_in(text: str, *, document: Path, root: Path = ROOT) -> list[str]:
    """What in `text` (the content of `document`) names a path the repository lacks."""
    prose = _FENCE.sub("", text)
    found: list[str] = []
    for target in _LINK.findall(prose):
        found += _link_problems(target, document=document, root=root)
    for span in _CODE.findall(prose):
        found += _span_problems(span.strip(), document=document, root=root)
    plain = _URL.sub("", _CODE.sub("", _LINK.sub("", prose)))
    for name in _PLAIN_FILE.findall(plain):
        found += _path_problems(name, document=document, root=root)
    return found


def _link_problems(target: str, *, document: Path, root: Path) -> list[str]:
    if _SCHEME.match(target) or target.startswith("#"):
        return []
    path = target.split("#", 1)[0]
    if path.startswith("/"):
        return [f"{target}: an absolute link points outside the repository"]
    resolved = (document.parent / path).resolve()
    if not resolved.is_relative_to(root):
        return [f"{target}: points outside the repository"]
    return [] if resolved.exists() else [f"{target}: no such file"]


def _span_problems(span: str, *, document: Path, root: Path) -> list[str]:
    if not span or "://" in span or span[0] in "/-" or _NOT_A_PATH & set(span):
        return []
    if "/" in span or Path(span).suffix in _SOURCE_SUFFIXES:
        return _path_problems(span, document=document, root=root)
    if _DOTTED.match(span) and span.split(".")[0] in _packages(root):
        problem = _module_problem(span, root)
        return [f"{span}: {problem}"] if problem else []
    return []


def _path_problems(name: str, *, document: Path, root: Path) -> list[str]:
    relative = name.removeprefix("./")
    if _ignored(relative.split("/")[0], root):
        return []
    # `../` only means something from the document's folder; anything else may also be
    # written from the root.
    bases = (document.parent,) if relative.startswith("../") else (root, document.parent)
    places = [(base / relative).resolve() for base in bases]
    inside = [p for p in places if p.is_relative_to(root)]
    if not inside:
        return [f"{name}: points outside the repository"]
    return [] if any(p.exists() for p in inside) else [f"{name}: no such file"]


def _module_problem(dotted: str, root: Path) -> str | None:
    """Why `dotted` names no module or name of the project; None when it does."""
    parts = dotted.split(".")
    folder = root
    for index, part in enumerate(parts):
        if (folder / part / "__init__.py").is_file():
            folder = folder / part
            continue
        if (folder / f"{part}.py").is_file():
            return _name_problem(folder / f"{part}.py", parts[index + 1:], root=root)
        return _name_problem(folder / "__init__.py", parts[index:], root=root)
    return None


def _name_problem(module: Path, names: list[str], *, root: Path) -> str | None:
    if not names:
        return None
    defined = _names_in(ast.parse(module.read_text(encoding="utf-8")).body)
    if names[0] not in defined:
        return f"{module.relative_to(root).as_posix()} defines no {names[0]}"
    node = defined[names[0]]
    if len(names) > 1 and isinstance(node, ast.ClassDef) and names[1] not in _names_in(node.body):
        return f"{names[0]} has no {names[1]}"
    return None


def _names_in(body: list[ast.stmt]) -> dict[str, ast.stmt]:
    """The names a module or class body defines, imports included."""
    names: dict[str, ast.stmt] = {}
    for node in body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names[node.name] = node
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update({(a.asname or a.name).split(".")[0]: node for a in node.names})
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update({t.id: node for t in targets if isinstance(t, ast.Name)})
    return names


@cache
def _packages(root: Path) -> frozenset[str]:
    return frozenset(p.name for p in root.iterdir() if (p / "__init__.py").is_file())


def _ignored(first: str, root: Path) -> bool:
    """Whether `.gitignore` keeps this top-level name out of the repository."""
    return any(fnmatch.fnmatch(first, pattern) for pattern in _ignore_patterns(root))


@cache
def _ignore_patterns(root: Path) -> tuple[str, ...]:
    lines = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip().strip("/") for line in lines
                 if line.strip() and not line.startswith("#"))


@pytest.mark.parametrize("document", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_a_document_names_exists(document: Path) -> None:
    assert problems_in(document.read_text(encoding="utf-8"), document=document) == []


def test_the_docs_index_links_every_document() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = {target.split("#")[0] for target in _LINK.findall(index)}
    assert {p.name for p in DOCS.glob("*.md")} - {"README.md"} <= linked


def test_the_readme_links_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/README.md" in _LINK.findall(readme)


def test_a_missing_path_is_found() -> None:
    text = ("See `storage/nothing_here.py`, [the design](design-gone.md), `DESIGN.md`,\n"
            "and API.md for the rest.")
    found = problems_in(text, document=ROOT / "README.md")
    assert found == ["design-gone.md: no such file", "storage/nothing_here.py: no such file",
                     "DESIGN.md: no such file", "API.md: no such file"]


def test_a_missing_module_or_name_is_found() -> None:
    text = ("`sync.engine.SyncEngine.run` and `model.values.Consent` exist; "
            "`sync.nowhere.Thing`, `model.values.NoSuchValue`, `sync.engine.SyncEngine.fly` not.")
    found = problems_in(text, document=ROOT / "README.md")
    assert found == ["sync.nowhere.Thing: sync/__init__.py defines no nowhere",
                     "model.values.NoSuchValue: model/values.py defines no NoSuchValue",
                     "sync.engine.SyncEngine.fly: SyncEngine has no fly"]


def test_a_path_leaving_the_repository_is_found() -> None:
    text = ("[up](../../elsewhere.md), [abs](/etc/passwd), `../../outside/DESIGN.md`, "
            "[inside](../README.md), ../../outside/notes.md")
    found = problems_in(text, document=DOCS / "index.md")
    assert found == ["../../elsewhere.md: points outside the repository",
                     "/etc/passwd: an absolute link points outside the repository",
                     "../../outside/DESIGN.md: points outside the repository",
                     "../../outside/notes.md: points outside the repository"]


def test_examples_commands_and_urls_are_not_paths() -> None:
    text = ("`cert.pem`, `/contacts/<id>`, `/api/v1/health`, `https://example.org/a.md`, "
            "`--data-dir DIR`, `python -m server init`, `STREETCONTACT_SECRET`, `CI=true`, "
            "`locales/<lang>/LC_MESSAGES/messages.po`, `*.md`, `{organisation}`, `./data`, "
            "`test-artifacts/`, `settings.json`, `json.load`, [site](https://example.org), "
            "[top](#the-parts), https://example.org/x/README.md")
    assert problems_in(text, document=ROOT / "README.md") == []


_MD_NAME = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.md)\b")


def markdown_names_in_code(root: Path) -> list[str]:
    """`file.py:name` for every `.md` file a product module names that the repository lacks.

    Module docstrings send readers to the design and domain documents: those must be the
    ones in `docs/` (or the README), not documents that only existed outside the repository.
    """
    found = []
    anywhere = {p.name for p in root.rglob("*.md")
                if not any(part.startswith(".") for part in p.relative_to(root).parts)}
    for package in [*sorted(_packages(root) - {"tests"}), "main.py"]:
        files = [root / package] if package.endswith(".py") else sorted(
            (root / package).rglob("*.py"))
        for source in files:
            for name in _MD_NAME.findall(source.read_text(encoding="utf-8")):
                if name.split("/")[-1] not in anywhere:
                    found.append(f"{source.relative_to(root)}:{name}")
    return found


def test_modules_name_only_documents_the_repository_has() -> None:
    assert markdown_names_in_code(ROOT) == []


def test_a_module_naming_a_missing_document_is_found(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text('"""See DESIGN.md and README.md."""\n')
    (tmp_path / "README.md").write_text("here\n")
    (tmp_path / "main.py").write_text("")
    assert markdown_names_in_code(tmp_path) == ["pkg/__init__.py:DESIGN.md"]

"""The sandbox sits beside the product, not inside it.

sandbox/ (the stand-ins for Slack and Statistikbanken, and the demo) is for the demo, the tests
and the benches: the product (bot/, handlers/, jobs/) never imports it, save the one lazy hook
that starts the demo from a source checkout, and neither the wheel nor the image holds it.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from bot.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("bot", "handlers", "jobs")
# The one place the product reaches the sandbox: `python -m bot demo`, inside the function.
DEMO_HOOK = ("bot/__main__.py", "cmd_demo")


def _sandbox_imports(path: Path, root: Path = ROOT) -> list[tuple[str, str | None]]:
    """(file, enclosing function or None at module level) for each import of the sandbox."""
    found: list[tuple[str, str | None]] = []
    relative = path.relative_to(root).as_posix()

    def sandbox(name: str | None) -> bool:
        return name is not None and (name == "sandbox" or name.startswith("sandbox."))

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Import):
            names: list[str | None] = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        else:
            names = []
        if any(sandbox(name) for name in names):
            found.append((relative, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return found


def test_the_product_imports_the_sandbox_only_to_start_the_demo() -> None:
    found = [
        hit
        for package in PRODUCT
        for path in sorted((ROOT / package).rglob("*.py"))
        for hit in _sandbox_imports(path)
    ]
    assert found == [DEMO_HOOK]
    assert not (ROOT / "bot" / "sandbox").exists() and not (ROOT / "bot" / "demo.py").exists()


def test_the_checker_sees_every_import_of_the_sandbox(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "import json, sandbox.server\nfrom sandbox import FakeSlack\nfrom .sandbox import x\n"
        "import sandboxed\ndef f():\n    from sandbox.demo import run_demo\n",
        encoding="utf-8",
    )
    found = _sandbox_imports(module, tmp_path)
    assert found == [("probe.py", None), ("probe.py", None), ("probe.py", "f")]


def test_the_wheel_holds_the_product_only() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    include, exclude = find.get("include", ["*"]), find.get("exclude", [])
    # Every folder at the top of the checkout could be a package (setuptools finds namespace
    # packages too), and the demo inside the sandbox.
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert (ROOT / "sandbox" / "demo" / "__init__.py").exists()
    packages |= {"sandbox", "sandbox.demo"}

    def shipped(name: str) -> bool:
        return any(fnmatchcase(name, p) for p in include) and not any(
            fnmatchcase(name, p) for p in exclude
        )

    assert {name.split(".")[0] for name in packages if shipped(name)} == set(PRODUCT)
    # mypy still checks the sandbox, though it is not shipped.
    assert "sandbox" in config["tool"]["mypy"]["packages"]


def test_the_image_copies_the_product_only() -> None:
    copied = {
        source.rstrip("/")
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    }
    assert {name for name in copied if (ROOT / name).is_dir()} == set(PRODUCT)
    assert "sandbox" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


@pytest.mark.parametrize("missing", ["sandbox", "sandbox.demo"])
def test_the_demo_without_a_checkout_says_so_in_one_line(
    missing: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As in an installed package (no sandbox/): the import fails, the demo says why.
    monkeypatch.delitem(sys.modules, "sandbox.demo", raising=False)
    monkeypatch.setitem(sys.modules, missing, None)
    assert main(["demo"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "The demo runs from a source checkout of Tværs: run `python -m bot demo` in the "
        "repository's root folder.\n"
    )

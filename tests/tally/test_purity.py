"""The engine stays pure: no Django, no floats (issue 3, items 1 and 8)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import daihoi.tally

PACKAGE = Path(daihoi.tally.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))


def test_purity_sources_found():
    names = {p.name for p in SOURCES}
    assert {"engine.py", "ballots.py", "threshold.py", "ranking.py", "cli.py"} <= names


def test_purity_imports_without_django():
    modules = ", ".join(f"daihoi.tally.{p.stem}" for p in SOURCES if p.stem != "__init__")
    code = (
        "import sys\n"
        "sys.modules['django'] = None\n"  # any `import django...` now fails
        f"import daihoi.tally, {modules}\n"
        "assert not [m for m in sys.modules if m.startswith('django') and sys.modules[m]]\n"
        "from daihoi.tally.cli import main\n"
        "sys.exit(main(['--help']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_purity_no_django_in_imports():
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                roots = [(node.module or "").split(".")[0]] if node.level == 0 else []
            else:
                continue
            assert "django" not in roots, f"{path.name}:{node.lineno}"
            assert "daihoi" not in roots, f"{path.name}:{node.lineno} (use relative imports)"


def test_purity_no_float_anywhere():
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), where
            assert not (isinstance(node, ast.Name) and node.id == "float"), where
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            assert not (is_call and node.func.id == "round"), f"{where}: round() of a float"
            assert not isinstance(node, ast.Div), f"{where}: true division"
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("truediv", "fsum"), where


def test_purity_modules_stay_small():
    for path in SOURCES:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name

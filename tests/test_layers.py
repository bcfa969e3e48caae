"""The layer rules of .importlinter hold on the tree, and a forbidden import breaks them.

`make test` runs `lint-imports` before pytest; these tests run it too, so that a plain `pytest`
checks the layers, and show on a copy of the tree that each contract catches what it forbids.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed (make install)")


def lint_imports(tree):
    # --no-cache: the copies below must be read afresh, not from the checkout's cache.
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / ".importlinter")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_tree(tmp_path):
    for package in ("statements", "diplomacy"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        ("statements/extraction/quotes.py", "import django.db", "Extraction is pure"),
        ("statements/extraction/quotes.py", "from statements import models", "Extraction is pure"),
        ("statements/records/errors.py", "import django.db", "The record parsers are pure"),
        ("statements/records/errors.py", "from statements.extraction import matching", "The record parsers are pure"),
        ("statements/models/meetings.py", "from statements.api import views", "Models import no face"),
        ("statements/api/errors.py", "from statements.pages import cards", "The API and the pages are independent"),
        ("statements/pages/cards.py", "from statements.api import errors", "The API and the pages are independent"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, line, contract):
    tree = copy_of_the_tree(tmp_path)
    path = tree / module
    path.write_text(path.read_text() + f"\n{line}\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    broken = [text for text in result.stdout.splitlines() if "BROKEN" in text]
    assert any(contract in text for text in broken), result.stdout

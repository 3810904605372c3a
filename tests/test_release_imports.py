"""numbers.py and months.py, which the release loader and the ledger both read, stay free of heavy imports: only the
standard library. (Import cycles anywhere in the package, the release package included, are tests/test_imports.py's.)"""

from __future__ import annotations

import ast
import sys

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "referrals"


def _top_level_modules(source: str) -> set[str]:
    tree = ast.parse(source)
    modules = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return modules


@pytest.mark.parametrize("name", ["numbers.py", "months.py"])
def test_numbers_and_months_import_only_the_standard_library(name):
    modules = _top_level_modules((PACKAGE / name).read_text())
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, (name, modules)


def test_the_check_sees_a_heavy_import_inside_a_function():
    source = "import re\n\ndef f():\n    import pandas as pd\n    from altair import Chart\n"
    assert _top_level_modules(source) - set(sys.stdlib_module_names) == {"pandas", "altair"}

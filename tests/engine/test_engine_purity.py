"""nnviz is the engine: it must run without a UI, so it never imports streamlit."""

import ast
from pathlib import Path

from tests.helpers import ROOT

ENGINE = ROOT / "nnviz"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_engine_never_imports_streamlit():
    files = sorted(ENGINE.rglob("*.py"))
    assert files, "no engine modules found"
    offenders = [str(f.relative_to(ENGINE)) for f in files if "streamlit" in imported_modules(f)]
    assert offenders == []


def test_the_purity_check_sees_a_streamlit_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import os\nfrom streamlit.runtime import exists\n")
    assert "streamlit" in imported_modules(sample)

"""The parameter contract between notebooks, kernel and runner.

Every notebook's parameters cell declares exactly params.SPECS; any other name given is
refused by name (underscores and dunders included) instead of crashing the notebook; a user
error reaches the runner as {"kind", "message"} in a file, never by matching error text.
"""

from __future__ import annotations

import ast
import json

import pytest
from conftest import ROOT, copy_project, run, tree_digest
from corpus import edit_cell

from referrals import manifest, params
from referrals.errors import ParameterError


def code_cells(notebook):
    return [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]


def parameters_cell(notebook):
    cells = [c for c in code_cells(notebook) if "parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"{notebook.name}: exactly one cell tagged 'parameters'"
    return "".join(cells[0]["source"])


def declared(source):
    """name -> literal default for each `name = <literal>` line of a parameters cell."""
    values = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.unparse(node)
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_parameters_cell_declares_exactly_the_specs(notebook):
    assert declared(parameters_cell(notebook)) == params.defaults(notebook.stem)


def test_the_contract_lines_are_one_pattern_in_every_notebook():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        first, *_ = code_cells(notebook)
        sources = ["".join(c["source"]) for c in code_cells(notebook)]
        assert (
            "".join(first["source"])
            .rstrip()
            .endswith("nb.begin()  # every name defined after this line is a parameter; user errors show as one line")
        ), notebook.name
        check = f'P = nb.check_parameters("{notebook.stem}")  # refuses unknown names and bad values'
        assert any(source.startswith(check) for source in sources), notebook.name


@pytest.fixture
def kernel(project):
    """An in-process IPython shell running a notebook's cells as a kernel would."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.reset()
    yield shell
    shell.set_custom_exc((), None)
    shell.reset()


def run_with_injected(shell, notebook, injected):
    """The first cell, the parameters cell, papermill's injected cell, then the check cell."""
    cells = ["".join(c["source"]) for c in code_cells(ROOT / "notebooks" / f"{notebook}.ipynb")]
    check = next(i for i, source in enumerate(cells) if "check_parameters" in source)
    for source in [*cells[:check], injected]:
        assert shell.run_cell(source).error_in_exec is None, source
    return shell.run_cell(cells[check])


@pytest.mark.parametrize("name", ["_anything", "_baseline", "__builtins__", "nb", "open", "__foo__"])
def test_any_undeclared_name_is_refused_by_name(kernel, capsys, name):
    result = run_with_injected(kernel, "02-headline", f"# Parameters\n{name} = 1\n")
    assert isinstance(result.error_in_exec, ParameterError), result.error_in_exec
    message = str(result.error_in_exec)
    assert message.startswith(f"parameter {name}: unknown for notebook 02-headline"), message
    out = capsys.readouterr().out
    assert "Traceback" not in out and f"parameter error: parameter {name}: unknown" in out


def test_declared_parameters_pass_and_are_cleaned(kernel):
    result = run_with_injected(kernel, "04-forces", '# Parameters\ntop_forces = "3"\noutput_dir = "output/x"\n')
    assert result.error_in_exec is None
    assert kernel.user_ns["P"]["top_forces"] == 3 and kernel.user_ns["P"]["output_dir"] == "output/x"


def papermill(root, notebook, executed, *args):
    return run(
        ["-m", "papermill", f"notebooks/{notebook}.ipynb", str(executed), "-k", "python3", "--cwd", "notebooks"]
        + list(args),
        root,
    )


@pytest.mark.long
@pytest.mark.slow
@pytest.mark.parametrize("name", ["_anything", "__builtins__"])
def test_plain_papermill_refuses_underscore_names(tmp_path, name):
    root = copy_project(tmp_path / "project")
    result = papermill(root, "02-headline", tmp_path / "run.ipynb", "-p", name, "1", "-p", "output_dir", "output/x")
    assert result.returncode != 0
    executed = json.loads((tmp_path / "run.ipynb").read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["ParameterError"]
    assert errors[0]["traceback"] == [
        f"parameter error: parameter {name}: unknown for notebook 02-headline; "
        f"allowed: {', '.join(params.SPECS['02-headline'])}"
    ]
    assert not (root / "output" / "x").exists()


@pytest.mark.slow
def test_the_runner_reads_the_error_kind_from_the_kernel_not_from_error_text(tmp_path):
    """A bug whose text happens to contain ': ParameterError: ' is a bug (exit 1), not a parameter error.

    The notebook is cut down to its first cell (the contract's nb.begin(), which installs the error handler that
    writes the kind), its parameters cell and the bug: the rest of 05's work would only make the run longer."""
    root = copy_project(tmp_path / "project")
    nb_path = root / "notebooks" / "05-scotland.ipynb"
    nb = json.loads(nb_path.read_text())
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "nb.begin()" in "".join(first["source"])
    cell = {"cell_type": "code", "execution_count": None, "id": "bug", "metadata": {}, "outputs": []}
    parameters = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    nb["cells"] = [first, parameters, {**cell, "source": "raise RuntimeError('x: ParameterError: y')"}]
    nb_path.write_text(json.dumps(nb))
    result = run(["-m", "referrals.runner", "--only", "05-scotland"], root)
    assert result.returncode == 1, result.stderr
    assert "notebooks/05-scotland.ipynb failed at code cell" in result.stderr and "RuntimeError" in result.stderr


@pytest.mark.slow
def test_the_full_build_reports_a_data_error_from_notebook_01_with_exit_2(tmp_path):
    root = copy_project(tmp_path / "project", with_figures=True)
    edit_cell("figures.csv", "nipb_honccu_calls", "value", "9999999999999999999999999")(root / "data" / "raw")
    manifest.stamp(root / "data" / "raw")
    before = {**tree_digest(root / "figures"), **tree_digest(root / "data" / "processed")}
    result = run(["-m", "referrals.runner"], root)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("data error: data/raw/figures.csv: 1 inconsistency(ies)")
    assert "row 30, column 'value'" in result.stderr and "Traceback" not in result.stderr
    assert {**tree_digest(root / "figures"), **tree_digest(root / "data" / "processed")} == before

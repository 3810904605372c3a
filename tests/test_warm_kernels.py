"""Warm kernels (referrals.kernels): a notebook run after another in the same kernel starts as in a fresh one.

The build keeps one kernel per notebook run at once and resets it before every notebook. These tests
run a notebook that leaves every kind of state behind, then a probe that prints every kind of state, in
one warm kernel, and compare the probe's outputs with those of the same probe run by plain papermill in
a fresh kernel: they must be identical. The build's executed copies must be the committed notebooks,
which nbval re-runs each in a fresh kernel.
"""

from __future__ import annotations

import json

import nbformat
import papermill
import pytest
from conftest import ROOT, copy_project, run

from referrals import kernels, runner
from referrals.runner import project_environment

#: Leaves behind what a notebook can: names, the package's caches and module state, IPython hooks, a custom
#: exception handler, environment, folder, sys.path, warnings filters.
DIRTY = [
    "import os, sys, warnings\nfrom referrals import notebook as nb, vocab",
    "nb.begin()  # a pre_run_cell hook and a custom exception handler, never taken down (no check_parameters)",
    "leak = 'left by the previous notebook'\n"
    "vocab.forces(), vocab.crime_types()  # fills functools caches\n"
    "import importlib, pkgutil, referrals\n"
    "modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(referrals.__path__, 'referrals.')\n"
    "           if not m.name.endswith('__main__')]\n"
    "for module in [referrals, *modules]:  # every module-level container grows, every module is marked\n"
    "    module.LEAK = 1\n"
    "    for name, value in list(vars(module).items()):\n"
    "        if isinstance(value, dict): value['leak'] = 1\n"
    "        elif isinstance(value, list) and not name.startswith('__'): value.append(1)\n"
    "        elif isinstance(value, set): value.add(1)",
    "os.environ['REFERRALS_LEAK'] = '1'\nsys.path.append('/leak')\nwarnings.simplefilter('ignore')\nos.chdir('/')\n"
    "get_ipython().events.register('post_run_cell', lambda *args: None)",
    "print(vocab.forces.__module__, vocab._forces_cached.cache_info().currsize)",
    "print(os.getpid())",
]

#: Prints every kind of state a previous notebook could have left. The last cell prints the kernel's process id.
PROBE = [
    "print(get_ipython().execution_count, sorted((k, type(v).__name__) for k, v in get_ipython().user_ns.items()))",
    "import functools, importlib, os, sys, warnings\n"
    "shell = get_ipython()\n"
    "print({event: len(callbacks) for event, callbacks in shell.events.callbacks.items()}, shell.custom_exceptions)\n"
    "print(os.path.basename(os.getcwd()), 'REFERRALS_LEAK' in os.environ, '/leak' in sys.path)\n"
    "print(warnings.filters)\n"
    "print(sorted(m for m in sys.modules if m == 'referrals' or m.startswith('referrals.')))",
    "import pkgutil, referrals\n"
    "modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(referrals.__path__, 'referrals.')\n"
    "           if not m.name.endswith('__main__')]\n"
    "state = []\n"
    "for module in [referrals, *modules]:\n"
    "    state.append((module.__name__, 'LEAK', hasattr(module, 'LEAK')))\n"
    "    for name, value in vars(module).items():\n"
    "        if isinstance(value, functools._lru_cache_wrapper):\n"
    "            state.append((module.__name__, name, value.cache_info().currsize))\n"
    "        elif isinstance(value, (dict, list, set)) and not name.startswith('__'):\n"
    "            state.append((module.__name__, name, len(value)))\n"
    "        elif isinstance(value, type) and value.__module__ == module.__name__:\n"
    "            state += [(module.__name__, f'{name}.{k}', len(v)) for k, v in vars(value).items()\n"
    "                      if isinstance(v, (dict, list, set)) and not k.startswith('__')]\n"
    "print(len(state))\n"
    "print(state)",
    "print('leak' in globals())",
    "print(os.getpid())",
]


def write_notebook(path, sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    return path


def outputs(path):
    """Each code cell's execution count and outputs (a print's text may come in several messages: merged)."""
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return [(c.execution_count, runner.merge_streams(c.outputs)) for c in cells]


def pid(path) -> str:
    return outputs(path)[-1][1][0]["text"].strip()


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    """One warm kernel, shared by the tests here (as a build shares it between notebooks)."""
    pool = kernels.Pool(1, project_environment(ROOT), tmp_path_factory.mktemp("logs"))
    yield pool
    pool.close()


def job(notebook, executed, **extra):
    return {
        "notebook": str(notebook),
        "executed": str(executed),
        "parameters": {},
        "cwd": str(notebook.parent),
        **extra,
    }


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_a_notebook_run_after_another_in_a_warm_kernel_starts_as_in_a_fresh_kernel(tmp_path, pool):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    dirty, probe = write_notebook(folder / "dirty.ipynb", DIRTY), write_notebook(folder / "probe.ipynb", PROBE)
    papermill.execute_notebook(
        str(probe), str(tmp_path / "fresh.ipynb"), kernel_name="python3", cwd=str(folder), progress_bar=False
    )
    assert pool.run(job(dirty, tmp_path / "dirty-run.ipynb")) == {"ok": True, "failure": ""}
    assert pool.run(job(probe, tmp_path / "warm.ipynb")) == {"ok": True, "failure": ""}

    assert pid(tmp_path / "dirty-run.ipynb") == pid(tmp_path / "warm.ipynb"), "one kernel ran both notebooks"
    module, cached = outputs(tmp_path / "dirty-run.ipynb")[4][1][0]["text"].split()
    assert module == "referrals.vocab" and int(cached) > 0, "the previous notebook filled a cache"
    fresh, warm = outputs(tmp_path / "fresh.ipynb"), outputs(tmp_path / "warm.ipynb")
    assert [count for count, _ in warm] == [1, 2, 3, 4, 5], "execution counts start at 1"
    assert warm[:-1] == fresh[:-1]
    assert int(warm[2][1][0]["text"].splitlines()[0]) > 20, "the probe saw the package's state"


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_a_kernel_goes_on_after_a_failing_notebook_and_is_replaced_after_one_that_kills_it(tmp_path, pool):
    failing = write_notebook(tmp_path / "failing.ipynb", ["x = 1", "1 / 0", "print('never')"])
    dying = write_notebook(tmp_path / "dying.ipynb", ["import os\nos._exit(3)"])
    probe = write_notebook(
        tmp_path / "probe.ipynb", ["print(sorted(k for k in globals() if k == 'x'))", "import os\nprint(os.getpid())"]
    )
    assert pool.run(job(failing, tmp_path / "failing-run.ipynb"))["ok"] is False
    run = nbformat.read(tmp_path / "failing-run.ipynb", as_version=4)
    assert run.cells[1].outputs[0]["ename"] == "ZeroDivisionError" and run.cells[2].outputs == []
    assert pool.run(job(probe, tmp_path / "after-failure.ipynb")) == {"ok": True, "failure": ""}
    assert outputs(tmp_path / "after-failure.ipynb")[0][1][0]["text"] == "[]\n"

    died = pool.run(job(dying, tmp_path / "dying-run.ipynb"))
    assert died["ok"] is False and "kernel" in died["failure"], died
    assert pool.run(job(probe, tmp_path / "after-death.ipynb")) == {"ok": True, "failure": ""}
    assert pid(tmp_path / "after-death.ipynb") != pid(tmp_path / "after-failure.ipynb"), "a new kernel"


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_parameters_are_injected_as_papermill_injects_them(pool, tmp_path):
    notebook = write_notebook(
        tmp_path / "parameters.ipynb", ["name = 'default'\nsizes = [1]", "print(name, sizes, extra)"]
    )
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].metadata.tags = ["parameters"]
    nbformat.write(nb, notebook)
    parameters = {"name": "given", "sizes": [2, 3], "extra": {"a": None}}
    assert pool.run(job(notebook, tmp_path / "run.ipynb", parameters=parameters)) == {"ok": True, "failure": ""}
    expected = papermill.parameterize.parameterize_notebook(
        papermill.iorw.load_notebook_node(str(notebook)), parameters, kernel_name="python3"
    )
    ran = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    assert [c.source for c in ran.cells] == [c.source for c in expected.cells]
    # one print may arrive as several stream messages on a loaded machine: the text is what they say together
    printed = "".join(o["text"] for o in ran.cells[2].outputs if o["output_type"] == "stream")
    assert printed == "given [2, 3] {'a': None}\n"
    assert ran.metadata.papermill == {"parameters": parameters}, "the parameters, and no time stamps"


@pytest.mark.slow
def test_the_builds_executed_copies_are_the_committed_notebooks_and_hold_no_timing(built_project, tmp_path):
    """The warm build's executed copies, cleaned as `make refresh-notebooks` cleans them, are the committed
    notebooks byte for byte (nbval runs each committed notebook in a fresh kernel and compares its outputs)."""
    root, _ = built_project
    for notebook in runner.notebooks(root):
        executed = root / "output" / "notebooks" / notebook.name
        text = executed.read_text()
        assert not any(key in text for key in ('"start_time"', '"end_time"', '"duration"', '"iopub.status')), executed
        runner.clean_for_commit(executed, tmp_path / notebook.name)
        assert (tmp_path / notebook.name).read_bytes() == (ROOT / "notebooks" / notebook.name).read_bytes(), notebook
        assert json.loads(text)["metadata"].get("papermill") is None, "no parameters, so nothing papermill records"


@pytest.mark.long
@pytest.mark.slow
def test_nbval_in_fresh_kernels(tmp_path):
    """`make test` runs nbval in warm kernels (tests/nbval_warm.py); here, as nbval alone does, every committed
    notebook in a kernel of its own (tests/conftest.py is not loaded when only notebooks/ is collected)."""
    root = copy_project(tmp_path / "project")
    result = run(
        [
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "notebooks",
            "-q",
            "-c",
            "/dev/null",
            "--rootdir",
            str(root),
        ],
        root,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout

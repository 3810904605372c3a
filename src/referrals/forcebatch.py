"""`make force-pages [RELEASE=path]`: the force page notebook run for every force, rendered as pages.

papermill's classic batch: one parameterised notebook (`notebooks/release/force-page.ipynb`),
executed once per territorial force in parallel (one kernel each), then each executed
copy rendered as an HTML page with nbconvert, cells tagged `remove-cell` left out and
code hidden. The pages, the executed notebooks and an index are built in a staging
folder and replace `output/forces/` as a whole (staging.replacing_folder), only when
every page was built.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import params, staging, vocab
from .errors import ParameterError, run_cli
from .escaping import file_name, html_text
from .paths import project_root, relative, typed_path
from .runner import jobs_from_environment, positive_whole_number

NOTEBOOK = "force-page"
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: 'DejaVu Sans', Arial, sans-serif; color: #1a1a1a; margin: 0 auto; max-width: 52rem;
       padding: 1rem; line-height: 1.5; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }}
blockquote {{ border-left: 4px solid #0072B2; margin: 1rem 0; padding: 0.25rem 1rem; background: #f4f8fb; }}
pre {{ white-space: pre-wrap; font-size: 0.8rem; }}
</style>
</head>
<body>
<p><a href="index.html">All forces</a></p>
<main>
{body}
</main>
</body>
</html>
"""


def _execute(root: Path, force: str, release: str, folder: Path) -> tuple[str, str]:
    """Run the page notebook for one force; (force, '') or (force, the error) ."""
    import papermill

    try:
        papermill.execute_notebook(
            str(root / "notebooks" / "release" / f"{NOTEBOOK}.ipynb"),
            str(folder / f"{force}.ipynb"),
            parameters={"force": force, "release": release, "output_dir": "output/forces"},
            kernel_name="python3",
            cwd=str(root / "notebooks" / "release"),
            progress_bar=False,
            request_save_on_cell_execute=False,
            log_output=False,
        )
    except Exception as exc:  # a failed page is reported by name; the batch then fails as a whole
        return force, f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
    return force, ""


def _settle(executed: Path) -> None:
    """Drop what differs from run to run (papermill's timings, the injected cell's random id), so that two
    builds give the same pages and notebooks."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    nbformat.write(nb, executed)


def _render(executed: Path) -> str:
    """One executed notebook as the body of a page: outputs only, cells tagged remove-cell left out."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    remove = TagRemovePreprocessor(remove_cell_tags={"remove-cell"}, remove_input_tags={"remove-input"})
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    exporter.register_preprocessor(remove, enabled=True)
    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    body, _ = exporter.from_notebook_node(nb)
    return body


def _index(forces: dict[str, str], release: str) -> str:
    source = f"from the release {html_text(file_name(release))}" if release else "from the published figures"
    items = "".join(f'<li><a href="{f}.html">{html_text(name)}</a></li>' for f, name in forces.items())
    body = f"<h1>Police forces</h1><p>A page for each of the {len(forces)} forces, {source}.</p><ul>{items}</ul>"
    return PAGE.format(title="Police forces", body=body).replace('<p><a href="index.html">All forces</a></p>\n', "")


def planned_forces(root: Path, only: list[str] | None = None) -> dict[str, str]:
    """The forces to page, id -> name: every territorial force, or those named in `only` (ids or names as the
    forces vocabulary knows them), refused by name when unknown."""
    from .forcepages import territorial_forces

    forces_vocab = vocab.forces(root / "data" / "raw")
    every = {f: forces_vocab.names[f] for f in territorial_forces(root / "data" / "raw")}
    if not only:
        return every
    chosen = {}
    for given in only:
        try:
            force = params.validate(NOTEBOOK, {"force": given})["force"]
        except ParameterError as error:  # name what the reader typed: FORCES, not the notebook's parameter
            raise ParameterError(str(error).replace("parameter force:", "FORCES:", 1)) from None
        if force not in every:
            raise ParameterError(f"FORCES: {given!r} is not a territorial force with a page")
        chosen[force] = every[force]
    return chosen


def build(root: Path, release: str = "", jobs: int = 2, only: list[str] | None = None) -> int:
    """Every force's page (or those in `only`), replacing output/forces/ as a whole."""
    from .runner import checked_release

    release = checked_release(root, release) if release else ""  # refused before any kernel starts
    forces = planned_forces(root, only)
    target = root / "output" / "forces"
    start = time.perf_counter()
    try:
        with staging.replacing_folder(target) as folder:
            _write_pages(root, folder, forces, release, jobs)
    except PagesFailed as failed:
        for force, error in failed.errors:
            print(f"error: the page for {force} failed: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(forces)} force pages to {relative(target, root)}/ in {time.perf_counter() - start:.1f}s")
    return 0


class PagesFailed(Exception):
    """Some pages could not be built: (force, error) for each; the folder is left as it was."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


def _write_pages(root: Path, folder: Path, forces: dict[str, str], release: str, jobs: int) -> None:
    """Every page, its executed notebook and the index, into the empty folder `folder`."""
    (folder / "notebooks").mkdir()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda f: _execute(root, f, release, folder / "notebooks"), forces))
    failed = [(f, e) for f, e in results if e]
    if failed:
        raise PagesFailed(failed)
    for force, name in forces.items():
        _settle(folder / "notebooks" / f"{force}.ipynb")
        body = _render(folder / "notebooks" / f"{force}.ipynb")
        (folder / f"{force}.html").write_text(PAGE.format(title=html_text(name), body=body), encoding="utf-8")
        staging.checkpoint("force page written")
    (folder / "index.html").write_text(_index(forces, release), encoding="utf-8")


@run_cli
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals.forcebatch", description=__doc__.splitlines()[0])
    parser.add_argument("--release", default="", help="a Home Office release to draw the pages from")
    parser.add_argument(
        "--jobs", type=positive_whole_number, default=None, help="pages built at once (default $REFERRALS_JOBS or 2)"
    )
    parser.add_argument(
        "--forces", default="", help="only these forces, comma-separated (e.g. kent,police-scotland); default: all"
    )
    args = parser.parse_args(argv)
    jobs = args.jobs if args.jobs is not None else jobs_from_environment()
    only = [f.strip() for f in args.forces.split(",") if f.strip()]
    release = typed_path(args.release) if args.release else ""  # taken from the current folder
    return build(project_root(), release, jobs, only)


if __name__ == "__main__":
    sys.exit(main())

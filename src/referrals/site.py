"""`make site`: the investigation as a small offline publication, built from the data.

Pages are Jinja2 templates (`site_templates/`), filled with what `site_content`
computes from the data: a front page that leads with the findings and the
infographic, one page per topic (narrative, chart, notes on the data, the data
as a table, sources), the fact-check ledger as a filterable table, and a data
and methods page. Charts are compiled Vega specs drawn by one local script, so
the site works from a folder with no network; they fill their column at any
width. Two builds give identical files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import staging
from .errors import run_cli
from .escaping import web_url
from .export import vega_bundle
from .paths import project_root, relative

SITE_TITLE = "Police referrals of migrant victims of crime to immigration enforcement"
TEMPLATES = Path(__file__).parent / "site_templates"

#: Files readers can download: (folder in the project, glob, folder on the site).
DATA_FILES = [
    ("data/raw", "*.csv", "data/raw"),
    ("data/raw", "MANIFEST.sha256", "data/raw"),
    ("data/processed", "*.csv", "data/processed"),
    ("claims", "*.csv", "data/claims"),
    ("output/fact-check", "ledger.csv", "data/fact-check"),
    ("output/fact-check", "report.md", "data/fact-check"),
    ("output/fact-check", "fact-check.csv", "data/fact-check"),
    ("figures", "*.csv", "data/charts"),
    ("figures", "*.png", "data/charts"),
    ("figures", "*.svg", "data/charts"),
]


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["site_title"] = SITE_TITLE
    env.filters["web_url"] = web_url  # an address from the data is linked only if it is http(s)
    return env


def copy_data(root: Path, out: Path) -> list[Path]:
    """Copy the data files readers can download; return what was written, in a stable order."""
    written = []
    for folder, pattern, target in DATA_FILES:
        for f in sorted((root / folder).glob(pattern)):
            dest = out / target / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.read_bytes())
            written.append(dest)
    return written


def _downloads(out: Path, name: str) -> list[tuple[str, str]]:
    """The figure's own files on the site: (label, href)."""
    labels = {".png": "Image (PNG)", ".svg": "Vector image (SVG)", ".csv": "Data (CSV)"}
    found = []
    for ext, label in labels.items():
        path = out / "data" / "charts" / f"{name}{ext}"
        if path.exists():
            found.append((label, relative(path, out)))
    return found


def pages(root: Path, out: Path) -> dict[str, dict]:
    """Every page's file name and what its template needs, computed from the data (site_content.pages)."""
    from . import site_content as content

    return content.pages(root, out, _downloads)


def build(root: Path | None = None, out: Path | None = None) -> list[Path]:
    """Build the site into `out` (default `site/`), replacing the folder whole; return the files written.

    The site is built in a staging folder and swapped in only when complete (staging.replacing_folder): an
    interrupted build leaves the old site as it was.
    """
    root = root or project_root()
    out = out or root / "site"
    with staging.replacing_folder(out) as new:
        written = write_site(root, new)
    return [out / path.relative_to(new) for path in written]


def write_site(root: Path, out: Path) -> list[Path]:
    """Every file of the site, written into the empty folder `out`."""
    written = copy_data(root, out)
    env = _environment()
    for name, context in pages(root, out).items():
        html = env.get_template(context["template"]).render(**context, page=name)
        (out / name).write_text(html, encoding="utf-8")
        written.append(out / name)
        staging.checkpoint("site page written")
    assets = {
        "assets/vega.js": vega_bundle(),
        "assets/site.js": (TEMPLATES / "assets" / "site.js").read_text(encoding="utf-8"),
        "assets/site.css": (TEMPLATES / "assets" / "site.css").read_text(encoding="utf-8"),
    }
    for rel, text in assets.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
        written.append(out / rel)
    return written


@run_cli
def main() -> int:
    written = build()
    root = project_root()
    print(f"site: wrote {len(written)} files to {relative(root / 'site', root)}/; open site/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())

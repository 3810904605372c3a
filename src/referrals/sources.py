"""Loading the raw tables: verified against the manifest, validated, canonical."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import manifest, staging, vocab
from .paths import raw_dir
from .rawdata import RawData

__all__ = ["RawData", "load_published", "load_raw", "required_figures"]


def load_raw(directory: Path | None = None, verify: bool = True) -> RawData:
    """Verify checksums, then validate sources, vocabularies and figures, in that order."""
    from . import validation  # pandera: only needed when validating raw tables

    directory = Path(directory or raw_dir())
    if verify:
        manifest.verify(directory)
    vocab.forces(directory)
    vocab.crime_types(directory)
    vocab.geographies(directory)
    sources = validation.load_sources(directory / "sources.csv")
    figures = validation.load_figures(directory / "figures.csv", sources, directory, required_figures())
    return RawData(sources=sources.reset_index(drop=True), figures=figures.reset_index(drop=True), directory=directory)


def required_figures() -> dict[str, set[str]]:
    """What each chart cannot be drawn without (the registry's declarations), so that validation refuses
    data lacking it: after `make validate` says valid, no chart can fail for a missing figure."""
    from .registry import required_figure_ids  # imports Altair: only when validating

    return required_figure_ids()


def load_published(directory: Path | None = None) -> RawData:
    """The figures as notebook 01 wrote them to data/processed/ (raw checksums still verified)."""
    from .csvfiles import read_text_table
    from .paths import processed_dir, relative

    manifest.verify(raw_dir())
    directory = Path(directory or processed_dir())
    tables = {}
    for name in ("sources.csv", "published_figures.csv"):
        path = staging.current(directory / name)  # notebook 01 reads the tables it has just staged
        if not path.exists():
            from .errors import DataError

            raise DataError(f"{relative(path)}: missing; run notebook 01 (or `make data`) to build data/processed/")
        rows, header = read_text_table(path, restore=True)
        tables[name] = pd.DataFrame([r for _, r in rows], columns=header, dtype=str).fillna("")
    figures = tables["published_figures.csv"]
    figures["value"] = pd.to_numeric(figures["value"].replace("", None))
    return RawData(sources=tables["sources.csv"], figures=figures, directory=raw_dir())

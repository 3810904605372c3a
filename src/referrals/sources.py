"""Loading the raw tables: verified against the manifest, validated, canonical."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import manifest, validation, vocab
from .paths import raw_dir


@dataclass(frozen=True)
class RawData:
    sources: pd.DataFrame
    figures: pd.DataFrame
    directory: Path

    def figure(self, figure_id: str) -> pd.Series:
        match = self.figures[self.figures["figure_id"] == figure_id]
        if match.empty:
            raise KeyError(figure_id)
        return match.iloc[0]

    def value(self, figure_id: str) -> float:
        return float(self.figure(figure_id)["value"])


def load_raw(directory: Path | None = None, verify: bool = True) -> RawData:
    """Verify checksums, then validate sources, vocabularies and figures, in that order."""
    directory = Path(directory or raw_dir())
    if verify:
        manifest.verify(directory)
    vocab.forces(directory)
    vocab.crime_types(directory)
    vocab.geographies(directory)
    sources = validation.load_sources(directory / "sources.csv")
    figures = validation.load_figures(directory / "figures.csv", sources, directory)
    return RawData(sources=sources.reset_index(drop=True), figures=figures.reset_index(drop=True), directory=directory)

"""The published figures and their sources as the package passes them around (loaded by `sources`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RawData:
    """The sources table, the figures table and the folder of the raw files they came from."""

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

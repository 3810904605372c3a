"""Build data/processed/ from data/raw/: deterministic bytes, the folder replaced whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import scope, staging
from .csvfiles import frame_csv_bytes
from .paths import processed_dir, raw_dir
from .sources import RawData, load_raw

PUBLISHED_COLUMNS = [
    "figure_id",
    "source_id",
    "outlet",
    "measure",
    "description",
    "geography",
    "geography_name",
    "crime_type",
    "crime_type_name",
    "period_start",
    "period_end",
    "period_months",
    "period_text",
    "value",
    "qualifier",
    "part_of",
    "breakdown",
    "breakdown_complete",
    "dataset",
    "story",
    "role",
    "restates",
    "population",
    "share_of",
    "quote",
    "notes",
    "url",
]


def published_figures(raw: RawData) -> pd.DataFrame:
    """The tidy, canonical figures table with each figure's outlet and URL beside it."""
    universe = scope.universe(raw.directory)
    sources = raw.sources[["source_id", "outlet", "url", "dataset", "story", "role"]].rename(
        columns={"dataset": "source_dataset"}
    )
    out = raw.figures.merge(sources, on="source_id", how="left", validate="many_to_one")
    # A figure's dataset is its source's, unless the figure restates another request's number.
    out["dataset"] = out["dataset"].where(out["dataset"] != "", out["source_dataset"])
    # A figure that restates another's number is a restatement, whoever prints it.
    out["role"] = out["role"].where(out["restates"] == "", "restatement").replace("", "original")
    out["geography_name"] = [universe.place_name(scope.split_ids(g)) for g in out["geography"]]
    out["crime_type_name"] = [universe.crime_name(scope.split_ids(c)) for c in out["crime_type"]]
    return out[PUBLISHED_COLUMNS].sort_values("figure_id", kind="mergesort").reset_index(drop=True)


def derived_tables(raw: RawData) -> dict[str, pd.DataFrame]:
    """The canonical tables, by file name (what each figure plots is written beside it, as figures/NAME.csv)."""
    return {
        "sources.csv": raw.sources[
            ["source_id", "outlet", "title", "url", "published", "kind", "dataset", "story", "role", "notes"]
        ],
        "published_figures.csv": published_figures(raw),
    }


def build(raw_directory: Path | None = None, out_directory: Path | None = None) -> list[Path]:
    """Verify, validate and write every processed table, replacing the folder whole: all of them, or none."""
    raw = load_raw(raw_directory or raw_dir())
    out_directory = Path(out_directory or processed_dir())
    frames = derived_tables(raw)
    files = {out_directory / name: frame_csv_bytes(frame) for name, frame in frames.items()}
    return staging.write_folder(out_directory, files)

"""Build data/processed/ from data/raw/: deterministic bytes, written all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import staging, tables, vocab
from .io import frame_csv_bytes
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
    "period_text",
    "value",
    "qualifier",
    "part_of",
    "breakdown",
    "breakdown_complete",
    "quote",
    "url",
]


def published_figures(raw: RawData) -> pd.DataFrame:
    """The tidy, canonical figures table with each figure's outlet and URL beside it."""
    geos = vocab.geographies(raw.directory)
    cts = vocab.crime_types(raw.directory)
    out = raw.figures.merge(
        raw.sources[["source_id", "outlet", "url"]], on="source_id", how="left", validate="many_to_one"
    )
    out["geography_name"] = out["geography"].map(geos.names)
    out["crime_type_name"] = out["crime_type"].map(cts.names)
    return out[PUBLISHED_COLUMNS].sort_values("figure_id", kind="mergesort").reset_index(drop=True)


def derived_tables(raw: RawData) -> dict[str, pd.DataFrame]:
    """Each derived table at the default parameters, by file name."""
    return {
        "sources.csv": raw.sources[["source_id", "outlet", "title", "url", "published", "kind", "notes"]],
        "published_figures.csv": published_figures(raw),
        "headline.csv": tables.headline(raw),
        "crime_type_shares.csv": tables.crime_types(raw),
        "force_referrals.csv": tables.forces(raw),
        "scotland_crime_types.csv": tables.scotland(raw),
        "psni_crime_types.csv": tables.psni(raw),
        "honccu_funnel.csv": tables.honccu(raw),
    }


def build(raw_directory: Path | None = None, out_directory: Path | None = None) -> list[Path]:
    """Verify, validate and write every processed table as one set: all of them, or none."""
    raw = load_raw(raw_directory or raw_dir())
    out_directory = Path(out_directory or processed_dir())
    frames = derived_tables(raw)
    return staging.write_set({out_directory / name: frame_csv_bytes(frame) for name, frame in frames.items()})

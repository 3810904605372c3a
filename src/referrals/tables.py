"""The tables the figures plot, derived from the published figures.

Each function returns exactly what a chart shows, with the ids of the figures
each row comes from, so that every plotted number is traceable. Derived rows
(remainders nobody itemised) are labelled as such, never presented as data.
"""

from __future__ import annotations

import pandas as pd

from . import vocab
from .errors import ParameterError
from .months import month_label, months_between, period_label  # noqa: F401  (notebooks use tables.period_label)
from .sources import RawData

HEADLINE_TOTAL = "detail_total"
HEADLINE_FORCES = "detail_forces_uk"
SCOTLAND_TOTAL = "ferret_scotland_total"
PSNI_TOTAL = "psni_total"
HONCCU_STAGES = ("nipb_honccu_calls", "nipb_victim_checks", "nipb_victim_checks_msht")

ITEMISED = "itemised"
NOT_RECORDED = "no force recorded"
REMAINDER = "remainder (derived)"


def source_line(raw: RawData, figure_ids) -> str:
    """'Source: outlet, "title" (year); ...' for the sources behind the given figures."""
    used = raw.figures[raw.figures["figure_id"].isin(list(figure_ids))]["source_id"].drop_duplicates()
    parts = []
    for sid in used:
        s = raw.sources[raw.sources["source_id"] == sid].iloc[0]
        parts.append(f"{s['outlet']}, \u201c{s['title']}\u201d ({s['published'][:4]})")
    return "Source: " + "; ".join(parts)


def within(raw: RawData, figure_id: str, start: str, end: str) -> bool:
    """Whether a figure's period lies inside the requested period (unknown periods never do)."""
    f = raw.figure(figure_id)
    if "unknown" in (f["period_start"], f["period_end"]):
        return False
    return start <= f["period_start"] and f["period_end"] <= end


def require_within(raw: RawData, figure_id: str, start: str, end: str) -> None:
    if not within(raw, figure_id, start, end):
        f = raw.figure(figure_id)
        raise ParameterError(
            f"parameters period_start/period_end: no published figure for this chart lies within {start}..{end}; "
            f"the published figure ({figure_id}) covers {f['period_start']}..{f['period_end']}. "
            "Published figures cannot be split into shorter periods; widen the period, or load the FOI release "
            "(monthly) if you have it"
        )


def _row(raw: RawData, figure_id: str) -> dict:
    f = raw.figure(figure_id)
    s = raw.sources[raw.sources["source_id"] == f["source_id"]].iloc[0]
    return {"figure_id": figure_id, "qualifier": f["qualifier"], "source": s["outlet"], "value": f["value"]}


def _parts(raw: RawData, parent: str, by: str, breakdown: str) -> pd.DataFrame:
    """The parts of `parent` in one breakdown, largest first (ties by id, so the order is stable)."""
    f = raw.figures
    parts = f[(f["part_of"] == parent) & (f["breakdown"] == breakdown)]
    return parts.sort_values(["value", by], ascending=[False, True], kind="mergesort")


def _remainder(raw: RawData, parent: str, minus: list[str], value: float, **labels) -> dict:
    """A derived row: the parent total minus the figures listed, labelled as derived, never as data."""
    outlet = raw.sources.set_index("source_id").loc[raw.figure(parent)["source_id"], "outlet"]
    return {
        **labels,
        "figure_id": " - ".join([parent, *minus]),
        "qualifier": "derived",
        "source": f"derived from {outlet}",
        "value": value,
    }


def _finish(rows: list[dict], total: float, columns: list[str]) -> pd.DataFrame:
    """Whole-number values and their share of the total, in the given column order."""
    out = pd.DataFrame(rows)
    out["value"] = out["value"].astype(int)
    out["share_of_total"] = (out["value"] / total).round(4)
    return out[columns]


def headline(raw: RawData, start: str = "2020-05", end: str = "2022-09") -> pd.DataFrame:
    require_within(raw, HEADLINE_TOTAL, start, end)
    total = raw.figure(HEADLINE_TOTAL)
    rows = [
        {"label": "Victims of crime referred", **_row(raw, HEADLINE_TOTAL)},
        {"label": "Police forces that referred them", **_row(raw, HEADLINE_FORCES)},
    ]
    out = pd.DataFrame(rows)
    out.insert(1, "period", period_label(total["period_start"], total["period_end"]))
    out["value"] = out["value"].astype(int)
    return out[["label", "value", "period", "qualifier", "source", "figure_id"]]


def crime_types(
    raw: RawData, order: list[str] | None = None, start: str = "2020-05", end: str = "2022-09", sort: str = "value"
) -> pd.DataFrame:
    """The nine categories of the UK breakdown, with counts and shares of the total."""
    require_within(raw, HEADLINE_TOTAL, start, end)
    cts = vocab.crime_types(raw.directory)
    f = raw.figures
    parts = f[(f["part_of"] == HEADLINE_TOTAL) & (f["breakdown"] == "crime type")]
    total = raw.value(HEADLINE_TOTAL)
    wanted = order or list(parts["crime_type"])
    rows = []
    for ct in wanted:
        match = parts[parts["crime_type"] == ct]
        if match.empty:
            raise ParameterError(
                f"parameter crime_types: {ct!r} has no published UK figure; allowed: {', '.join(parts['crime_type'])}"
            )
        fid = match.iloc[0]["figure_id"]
        rows.append({"crime_type": ct, "name": cts.names[ct], **_row(raw, fid)})
    out = _finish(rows, total, ["crime_type", "name", "value", "share_of_total", "qualifier", "source", "figure_id"])
    if sort == "value":
        out = out.sort_values(["value", "crime_type"], ascending=[False, True], kind="mergesort")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out[
        ["rank", "crime_type", "name", "value", "share_of_total", "qualifier", "source", "figure_id"]
    ].reset_index(drop=True)


def forces(
    raw: RawData, top: int | None = None, highlight: str = "", start: str = "2020-05", end: str = "2022-09"
) -> pd.DataFrame:
    """Itemised forces, 'no force recorded', and the derived remainder of forces nobody itemised."""
    require_within(raw, HEADLINE_TOTAL, start, end)
    geos = vocab.geographies(raw.directory)
    parts = _parts(raw, HEADLINE_TOTAL, "geography", "force")
    named = parts[parts["geography"] != "not-recorded"]
    if top is None:
        top = len(named)
    if top > len(named):
        raise ParameterError(
            f"parameter top_forces: value {top} is more than the {len(named)} forces any published source "
            f"itemises; allowed: 0 to {len(named)}"
        )
    shown = named.head(top)
    hidden = named.iloc[top:]
    total = raw.value(HEADLINE_TOTAL)
    n_forces = int(raw.value(HEADLINE_FORCES))
    rows = []
    for _, r in shown.iterrows():
        rows.append(
            {
                "geography": r["geography"],
                "name": geos.names[r["geography"]],
                "kind": ITEMISED,
                **_row(raw, r["figure_id"]),
            }
        )
    nr = parts[parts["geography"] == "not-recorded"].iloc[0]
    rows.append(
        {"geography": "not-recorded", "name": "No force recorded", "kind": NOT_RECORDED, **_row(raw, nr["figure_id"])}
    )
    n_rest = n_forces - len(shown)
    rows.append(
        _remainder(
            raw,
            HEADLINE_TOTAL,
            [*shown["figure_id"], nr["figure_id"]],
            total - shown["value"].sum() - nr["value"],
            geography="remainder",
            kind=REMAINDER,
            name=f"The other {n_rest} forces" + (" (not itemised)" if hidden.empty else " (not shown separately)"),
        )
    )
    out = _finish(
        rows, total, ["geography", "name", "kind", "value", "share_of_total", "qualifier", "source", "figure_id"]
    )
    out["highlight"] = out["geography"] == highlight if highlight else False
    if highlight and highlight not in set(shown["geography"]):
        note = (
            "itemised but outside top_forces"
            if highlight in set(hidden["geography"])
            else "not itemised in any published source"
        )
        out.attrs["highlight_note"] = f"{geos.names[highlight]} is {note}; its count is inside the remainder"
    return out[
        ["geography", "name", "kind", "value", "share_of_total", "highlight", "qualifier", "source", "figure_id"]
    ]


def scotland(raw: RawData) -> pd.DataFrame:
    """Police Scotland's itemised crime types (The Ferret) and the remainder it did not itemise."""
    cts = vocab.crime_types(raw.directory)
    parts = _parts(raw, SCOTLAND_TOTAL, "crime_type", "crime type")
    total = raw.value(SCOTLAND_TOTAL)
    rows = [
        {
            "crime_type": r["crime_type"],
            "name": cts.names[r["crime_type"]],
            "kind": ITEMISED,
            **_row(raw, r["figure_id"]),
        }
        for _, r in parts.iterrows()
    ]
    rows.append(
        _remainder(
            raw,
            SCOTLAND_TOTAL,
            list(parts["figure_id"]),
            total - parts["value"].sum(),
            crime_type="remainder",
            name="Not itemised",
            kind=REMAINDER,
        )
    )
    return _finish(
        rows, total, ["crime_type", "name", "kind", "value", "share_of_total", "qualifier", "source", "figure_id"]
    )


def psni(raw: RawData, start: str = "2020-05", end: str = "2023-02") -> pd.DataFrame:
    require_within(raw, PSNI_TOTAL, start, end)
    cts = vocab.crime_types(raw.directory)
    parts = _parts(raw, PSNI_TOTAL, "crime_type", "crime type")
    rows = [
        {"crime_type": r["crime_type"], "name": cts.names[r["crime_type"]], **_row(raw, r["figure_id"])}
        for _, r in parts.iterrows()
    ]
    return _finish(
        rows,
        raw.value(PSNI_TOTAL),
        ["crime_type", "name", "value", "share_of_total", "qualifier", "source", "figure_id"],
    )


def honccu(raw: RawData, start: str = "2020-05", end: str = "2023-02") -> pd.DataFrame:
    """The Policing Board's funnel: all PSNI calls to HONCCU, victim checks, MSHT victim checks."""
    for fid in HONCCU_STAGES:
        require_within(raw, fid, start, end)
    labels = [
        "Calls from the PSNI to HONCCU",
        "Calls to check a victim of crime",
        "of which modern slavery and trafficking",
    ]
    rows = []
    previous = None
    for label, fid in zip(labels, HONCCU_STAGES):
        v = raw.value(fid)
        rows.append(
            {"stage": label, **_row(raw, fid), "share_of_previous": round(v / previous, 6) if previous else None}
        )
        previous = v
    out = pd.DataFrame(rows)
    out["value"] = out["value"].astype(int)
    out.insert(0, "step", range(1, len(out) + 1))
    return out[["step", "stage", "value", "share_of_previous", "qualifier", "source", "figure_id"]]


def stack_panels(panels: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every panel's table in one frame (the infographic's CSV), with a `panel` column."""
    frames = []
    for panel, table in panels.items():
        label_col = next(c for c in ("label", "name", "stage") if c in table.columns)
        frame = table.rename(columns={label_col: "label"})[
            ["label", "value", "qualifier", "source", "figure_id"]
        ].copy()
        frame.insert(0, "panel", panel)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)

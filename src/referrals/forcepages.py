"""A page per police force: what the data say about one force, and how a local reporter can get the rest.

`notebooks/release/force-page.ipynb` takes a `force` parameter and calls `page(P)`; `make
force-pages [RELEASE=path]` runs it for every force (papermill's classic batch) and
renders each executed notebook as a page in `output/forces/`. Without a release a
page says what the published sources say about the force (itemised or not, and where)
and gives the wording of an FOI request for its figures; with one, it adds the force's
counts by crime type and month, its rank and share, and the published figures held
against the release. Every number on a page is computed from the data; every text from
the data or the release (names, its file name, notes) is escaped for Markdown
(escaping.md_text), which nbconvert renders as the page's HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import tables, vocab
from .escaping import md_code, md_link, md_text
from .months import period_label
from .scope import WITHIN, split_ids, universe
from .sources import RawData, load_published
from .wording import number_text


@dataclass
class ForcePage:
    """The data one force's page shows."""

    force: str
    name: str
    data: RawData
    release: Any = None  # release.evidence.ReleaseData

    # --- the published figures ------------------------------------------------------------
    def own_figures(self) -> pd.DataFrame:
        """Published figures that count this force alone (its own number, or its crime types)."""
        f = self.data.figures
        mine = f[f["geography"] == self.force]
        return mine.sort_values(["crime_type", "figure_id"], kind="mergesort")

    def containing_figures(self) -> pd.DataFrame:
        """UK or national figures this force's referrals are part of (never split among forces)."""
        u = universe(self.data.directory)
        f = self.data.figures
        keep = pd.Series(
            [
                u.place_relation((self.force,), split_ids(g)) == WITHIN and c == "all" and m == "victims_referred"
                for g, c, m in zip(f["geography"], f["crime_type"], f["measure"])
            ],
            index=f.index,
        )
        return f[keep & f["value"].notna()].sort_values("figure_id", kind="mergesort")

    def remainder(self) -> tuple[int, int, str] | None:
        """(value, forces sharing it, source) of the derived remainder this force's count lies in, if not itemised:
        the UK total that has a breakdown by force, minus its parts, over the forces it leaves out."""
        f = self.data.figures
        uk = f[(f["measure"] == "victims_referred") & (f["geography"] == "uk") & (f["crime_type"] == "all")]
        for _, total in uk.iterrows():
            by_force = tables.parts(self.data, total["figure_id"], tables.BY_FORCE)
            if by_force.empty or tables.is_complete(by_force) or self.force in set(by_force["geography"]):
                continue
            counts = f[
                (f["measure"] == "forces_referring")
                & (f["geography"] == "uk")
                & (f["crime_type"] == "all")
                & (f["source_id"] == total["source_id"])
                & f["value"].notna()
            ]
            if counts.empty or pd.isna(total["value"]):
                continue
            named = int((by_force["geography"] != "not-recorded").sum())
            left = float(total["value"]) - float(by_force["value"].sum())
            return int(left), int(counts.iloc[0]["value"]) - named, tables.outlet(self.data, total["figure_id"])
        return None

    def title_markdown(self) -> str:
        """The page's heading: the force's name."""
        return f"# {md_text(self.name)}"

    def published_markdown(self) -> str:
        sources = self.data.sources.set_index("source_id")
        outlets = {sid: md_link(row["outlet"], row.get("url", "")) for sid, row in sources.iterrows()}
        name = md_text(self.name)
        lines = [f"## What the published sources say about {name}", ""]
        own = self.own_figures()
        if own.empty:
            lines.append(f"No published source itemises {name}.")
            rest = self.remainder()
            if rest:
                value, n, source = rest
                lines.append(
                    f"Its referrals are inside the {number_text(value)} that the {n} forces nobody itemised share "
                    f"between them ({md_text(source)}: the total minus everything itemised). No number for {name} "
                    "alone can be derived from that."
                )
        else:
            lines.append("| figure | count | crime type | period | source |")
            lines.append("|---|---|---|---|---|")
            cts = vocab.crime_types(self.data.directory)
            for _, r in own.iterrows():
                value = "" if pd.isna(r["value"]) else number_text(float(r["value"]))
                qualifier = "" if r["qualifier"] in ("exact", "each of the") else f"{r['qualifier']} "
                crime = cts.names.get(r["crime_type"], r["crime_type"])
                period = _period_text(r)
                cells = [md_code(r["figure_id"], in_table=True), md_text(f"{qualifier}{value}"), md_text(crime)]
                lines.append("| " + " | ".join([*cells, md_text(period), outlets[r["source_id"]]]) + " |")
        lines += ["", f"{name}'s referrals are also part of these totals:", ""]
        for _, r in self.containing_figures().iterrows():
            qualifier = "" if r["qualifier"] == "exact" else f"{r['qualifier']} "
            where = f"{md_text(_period_text(r))}; {outlets[r['source_id']]}"
            figure = md_text(f"{qualifier}{number_text(float(r['value']))}: {r['description']}")
            lines.append(f"- {figure} ({where})")
        return "\n".join(lines)

    # --- the release -------------------------------------------------------------------------------------------
    def release_table(self) -> pd.DataFrame:
        """The force's counts by crime type in the release (from a table by force and crime type), with the UK's."""
        r = self.release
        table = r.best("force", "crime_type")
        rows = []
        for ct in table.categories if table else []:
            low, high = table.aggregate([self.force], [ct])
            uk_low, _ = table.aggregate(crime_types=[ct])
            rows.append(
                {
                    "crime_type": vocab.crime_types(self.data.directory).names.get(ct, ct),
                    "victims_referred": int(low),
                    "suppressed": "yes" if high != low else "",
                    "uk": int(uk_low),
                    "share_of_uk": round(low / uk_low, 4) if uk_low else 0.0,
                }
            )
        frame = pd.DataFrame(rows, columns=["crime_type", "victims_referred", "suppressed", "uk", "share_of_uk"])
        return frame.sort_values(["victims_referred", "crime_type"], ascending=[False, True])

    def rank(self) -> tuple[int, int, float, float]:
        """(rank among forces, number of forces, the force's count, its share of the UK total), from the release's
        table by force."""
        table = self.release.best("force")
        totals = {f: table.aggregate(forces=[f])[0] for f in table.forces if f != "not-recorded"}
        mine = totals.get(self.force, 0.0)
        rank = 1 + sum(1 for v in totals.values() if v > mine)
        uk = table.aggregate()[0]
        return rank, len(totals), mine, (mine / uk if uk else 0.0)

    def release_markdown(self) -> str:
        if self.release is None:
            return (
                "## From the Home Office release\n\nNo release given: the force-by-force table was not published. "
                "With one (`make force-pages RELEASE=path`), this page shows the force's counts by crime type and "
                "month, its rank among the forces, and the published figures held against the release."
            )
        by_force = self.release.best("force")
        label, name = md_text(self.release.label), md_text(self.name)
        if by_force is None:
            return (
                f"## From the Home Office release\n\n{label} has no table by force, so it says nothing "
                f"about {name} alone."
            )
        if self.force not in by_force.forces:
            return f"## From the Home Office release\n\n{name} does not appear in {label}."
        rank, n, count, share = self.rank()
        lines = [
            f"## From the Home Office release ({label})",
            "",
            f"{name} referred **{number_text(count)}** victims ({md_text(by_force.period_of(None).label())}): "
            f"**{_ordinal(rank)}** of {n} forces, {share * 100:.1f}% of the UK total.",
            "",
        ]
        table = self.release_table()
        if table.empty:
            lines.append("The release gives no table by force and crime type, so its crime types are not known.")
        else:
            lines.append(_markdown_table(table))
        months = self.months_table()
        if not months.empty:
            lines += ["", "By period:", "", _markdown_table(months)]
        return "\n".join(lines)

    def months_table(self) -> pd.DataFrame:
        """The force's counts in each of the release's periods (from a table by force and period), if it has one."""
        table = self.release.best("force", "period")
        if table is None:
            return pd.DataFrame(columns=["period", "victims_referred"])
        rows = [
            {"period": period_label(s, e), "victims_referred": int(table.aggregate([self.force], None, [(s, e)])[0])}
            for s, e in table.periods
        ]
        return pd.DataFrame(rows)

    def cross_check(self) -> pd.DataFrame:
        """The published figures for this force, held against the release."""
        from .release import crosscheck

        table = crosscheck.cross_check(self.release, self.data)
        own = set(self.own_figures()["figure_id"])
        return table[table["figure_id"].isin(own)]

    # --- the request -------------------------------------------------------------------------
    def request_markdown(self) -> str:
        total = self.data.figure("detail_total")
        definition = vocab.measures(self.data.directory)["victims_referred"]["definition"]
        law = (
            "the Freedom of Information (Scotland) Act 2002"
            if vocab.forces(self.data.directory).attributes[self.force]["nation"] == "scotland"
            else "the Freedom of Information Act 2000"
        )
        period, name = md_text(_period_text(total)), md_text(self.name)
        return "\n".join(
            [
                "## Ask for the figures",
                "",
                f"The Home Office holds the count for every force; {name} may hold its own. A request a reporter "
                "can send to both (adapt the period to the latest months available):",
                "",
                f"> Under {law}, please provide the number of victims of crime that {name} referred to Home "
                f"Office Immigration Enforcement, as recorded by its National Command and Control Unit, for "
                f"{period}, broken down by month and by crime type (including domestic abuse, modern slavery, human "
                "trafficking and sexual exploitation). Please say whether referrals made by email are included, "
                "and mark any number withheld because it is small rather than leaving it blank.",
                "",
                f"Why ask about email: {md_text(definition)}",
            ]
        )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _period_text(row) -> str:
    return period_label(row["period_start"], row["period_end"], row.get("period_text", ""))


def _markdown_table(frame: pd.DataFrame) -> str:
    head = "| " + " | ".join(md_text(c.replace("_", " ")) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _cell(value) -> str:
    if isinstance(value, float) and value < 1:
        return f"{value * 100:.1f}%"
    if isinstance(value, int | float):
        return number_text(value)
    return md_text(value)


def page(P: dict[str, Any]) -> ForcePage:
    from .notebook import release_data

    data = load_published()
    force = P["force"]
    return ForcePage(force, vocab.forces(data.directory).names[force], data, release_data(P))


def territorial_forces(directory: Path) -> list[str]:
    """The forces a page is made for: every territorial force of the UK (forces.csv), in file order."""
    forces = vocab.forces(directory)
    return [f for f in forces.ids() if forces.attributes[f].get("kind") == "territorial"]

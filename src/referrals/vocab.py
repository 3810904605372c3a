"""Reference vocabularies: police forces, other geographies and crime types.

Every name in every input maps to exactly one canonical id, or fails with a
message that suggests the closest canonical names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .csvfiles import read_text_table
from .errors import DataError
from .paths import raw_dir, relative
from .text import lookalike_note, shown

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SUFFIXES = ("police service", "police force", "constabulary", "police")


def normalise(name: str) -> str:
    """Fold case, '&', punctuation and spacing so that spellings of one name compare equal."""
    text = name.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _variants(name: str) -> set[str]:
    base = normalise(name)
    out = {base}
    if base.startswith("the "):
        out.add(base[4:])
    for suffix in _SUFFIXES:
        for b in list(out):
            if b.endswith(" " + suffix) and len(b) > len(suffix) + 1:
                out.add(b[: -len(suffix) - 1])
    return {v for v in out if v}


@dataclass
class Vocabulary:
    """A set of canonical ids with names and aliases, and a resolver over them."""

    kind: str
    source: str
    names: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict)

    def add(self, canonical: str, name: str, aliases: list[str], attrs: dict[str, str], line: int) -> None:
        if not _ID.match(canonical):
            raise DataError(f"{self.source}, row {line}: id {canonical!r} must be lower-case words joined by hyphens")
        if canonical in self.names:
            raise DataError(f"{self.source}, row {line}: duplicate id {canonical!r}")
        self.names[canonical] = name
        self.attributes[canonical] = attrs
        for label in [canonical, canonical.replace("-", " "), name, *aliases]:
            for key in _variants(label):
                other = self._lookup.get(key)
                if other and other != canonical:
                    raise DataError(f"{self.source}, row {line}: name {label!r} is ambiguous: it also names {other!r}")
                self._lookup[key] = canonical

    def __contains__(self, canonical: str) -> bool:
        return canonical in self.names

    def ids(self) -> list[str]:
        return list(self.names)

    def resolve(self, name: str, where: str = "") -> str:
        """The canonical id for any spelling, or a DataError suggesting the closest names."""
        key = normalise(str(name))
        for variant in _variants(str(name)) | {key}:
            if variant in self._lookup:
                return self._lookup[variant]
        raise DataError(f"{where + ': ' if where else ''}unknown {self.kind} {shown(name)}{self.suggest(name)}")

    def suggest(self, name: str) -> str:
        """'; did you mean X (x)?' with the closest names; for a lookalike, which character differs."""
        name = str(name)
        close = difflib.get_close_matches(normalise(name), list(self._lookup), n=6, cutoff=0.6)
        ids = list(dict.fromkeys(self._lookup[c] for c in close))[:3]
        if not ids:
            return f"; the known names and aliases are in {self.source}"
        hint = "; did you mean " + ", ".join(f"{self.names[i]} ({i})" for i in ids) + "?"
        note = lookalike_note(name, self._closest_label(name, ids[0]))
        return hint + (f" ({note})" if note else "")

    def _closest_label(self, name: str, canonical: str) -> str:
        """The spelling of `canonical` (its name, id or an alias) closest to what was typed."""
        labels = [canonical, self.names[canonical], *self.attributes[canonical].get("aliases", "").split("|")]
        return max(
            (label for label in labels if label),
            key=lambda label: difflib.SequenceMatcher(None, name.lower(), label.lower()).ratio(),
        )


def _load(path: Path, kind: str, id_col: str, required: list[str], yes_no: tuple[str, ...] = ()) -> Vocabulary:
    """A vocabulary file; `yes_no` columns must hold exactly 'yes' or 'no' (a 'Yes' would silently count as no)."""
    rows, header = read_text_table(path)
    missing = [c for c in [id_col, *required] if c not in header]
    if missing:
        raise DataError(f"{relative(path)}: missing column(s) {', '.join(missing)}; found {', '.join(header)}")
    vocab = Vocabulary(kind=kind, source=relative(path))
    for line, row in rows:
        for col in [id_col, "name"]:
            if not row.get(col):
                raise DataError(f"{relative(path)}, row {line}, column '{col}': empty")
        for col in yes_no:
            if row[col] not in ("yes", "no"):
                raise DataError(
                    f"{relative(path)}, row {line}, column '{col}', value {shown(row[col])}: must be 'yes' or 'no' "
                    "(lower case)"
                )
        aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
        vocab.add(row[id_col], row["name"], aliases, row, line)
    return vocab


NATIONS = ("england", "wales", "scotland", "northern-ireland", "great-britain")
FORCE_KINDS = ("territorial", "non-territorial")


@lru_cache(maxsize=8)
def _forces_cached(directory: str, stamp: float) -> Vocabulary:
    path = Path(directory) / "forces.csv"
    vocab = _load(path, "police force", "force_id", ["name", "nation", "kind", "aliases"])
    for fid, attrs in vocab.attributes.items():
        if attrs["nation"] not in NATIONS:
            raise DataError(
                f"{vocab.source}: force {fid!r} has nation {attrs['nation']!r}; allowed: {', '.join(NATIONS)}"
            )
        if attrs["kind"] not in FORCE_KINDS:
            raise DataError(
                f"{vocab.source}: force {fid!r} has kind {attrs['kind']!r}; allowed: {', '.join(FORCE_KINDS)}"
            )
    return vocab


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


def forces(directory: Path | None = None) -> Vocabulary:
    d = Path(directory or raw_dir())
    return _forces_cached(str(d), _mtime(d / "forces.csv"))


@lru_cache(maxsize=8)
def _crime_types_cached(directory: str, stamp: float) -> Vocabulary:
    return _load(
        Path(directory) / "crime_types.csv",
        "crime type",
        "crime_type",
        ["name", "in_foi_breakdown", "aliases"],
        yes_no=("in_foi_breakdown",),
    )


#: What a qualifier can mean (data/raw/qualifiers.csv): the bound a source's wording puts on its number.
MEANINGS = ("exact", "at-least", "more-than", "at-most", "less-than", "approximately", "estimate", "verbal")


@lru_cache(maxsize=8)
def _qualifiers_cached(directory: str, stamp: float) -> dict[str, dict[str, str]]:
    path = Path(directory) / "qualifiers.csv"
    rows, header = read_text_table(path)
    missing = [c for c in ("qualifier", "meaning") if c not in header]
    if missing:
        raise DataError(f"{relative(path)}: missing column(s) {', '.join(missing)}; found {', '.join(header)}")
    out: dict[str, dict[str, str]] = {}
    for line, row in rows:
        if row["meaning"] not in MEANINGS:
            raise DataError(
                f"{relative(path)}, row {line}, column 'meaning', value {shown(row['meaning'])}: "
                f"must be one of: {', '.join(MEANINGS)}"
            )
        if row["qualifier"] in out:
            raise DataError(f"{relative(path)}, row {line}, column 'qualifier': duplicate {row['qualifier']!r}")
        out[row["qualifier"]] = row
    return out


def qualifiers(directory: Path | None = None) -> dict[str, dict[str, str]]:
    """A source's wording about a number -> what it means (exact, a bound, approximate, words only)."""
    d = Path(directory or raw_dir())
    return _qualifiers_cached(str(d), _mtime(d / "qualifiers.csv"))


@lru_cache(maxsize=8)
def _measures_cached(directory: str, stamp: float) -> dict[str, dict[str, str]]:
    path = Path(directory) / "measures.csv"
    rows, header = read_text_table(path)
    missing = [c for c in ("measure", "name", "unit", "whole", "maximum", "definition") if c not in header]
    if missing:
        raise DataError(f"{relative(path)}: missing column(s) {', '.join(missing)}; found {', '.join(header)}")
    out: dict[str, dict[str, str]] = {}
    for line, row in rows:
        at = f"{relative(path)}, row {line}"
        for column in ("whole", "flow"):
            if row.get(column, "no") not in ("yes", "no"):
                raise DataError(
                    f"{at}, column '{column}', value {shown(row[column])}: must be 'yes' or 'no' (lower case)"
                )
        if not row["maximum"].isascii() or not row["maximum"].isdigit() or int(row["maximum"]) >= 2**53:
            raise DataError(
                f"{at}, column 'maximum', value {shown(row['maximum'])}: must be a whole number below 2**53"
            )
        if row["measure"] in out:
            raise DataError(f"{at}, column 'measure': duplicate {row['measure']!r}")
        out[row["measure"]] = row
    return out


def measure_vocabulary(directory: Path | None = None) -> Vocabulary:
    """Measures by id, name or alias ('victims referred', 'calls'), for claims files written by hand."""
    d = Path(directory or raw_dir())
    return _measure_vocabulary_cached(str(d), _mtime(d / "measures.csv"))


@lru_cache(maxsize=8)
def _measure_vocabulary_cached(directory: str, stamp: float) -> Vocabulary:
    found = measures(Path(directory))
    out = Vocabulary(kind="measure", source="data/raw/measures.csv")
    for line, (mid, row) in enumerate(found.items(), start=2):
        aliases = [a for a in row.get("aliases", "").split("|") if a]
        out.add(mid.replace("_", "-"), row["name"], aliases, row, line)
    return out


def measures(directory: Path | None = None) -> dict[str, dict[str, str]]:
    """What each measure counts, its unit, how it is defined (telephone referrals only...) and its plausible maximum."""
    d = Path(directory or raw_dir())
    return _measures_cached(str(d), _mtime(d / "measures.csv"))


def crime_types(directory: Path | None = None) -> Vocabulary:
    d = Path(directory or raw_dir())
    return _crime_types_cached(str(d), _mtime(d / "crime_types.csv"))


def foi_crime_types(directory: Path | None = None) -> list[str]:
    """The nine categories of the FOI breakdown, in the vocabulary's order."""
    v = crime_types(directory)
    return [c for c in v.ids() if v.attributes[c].get("in_foi_breakdown") == "yes"]


@lru_cache(maxsize=8)
def _geographies_cached(directory: str, stamp_f: float, stamp_g: float) -> Vocabulary:
    d = Path(directory)
    vocab = _load(d / "geographies.csv", "geography", "geography", ["name", "kind"])
    force_vocab = _forces_cached(directory, stamp_f)
    merged = Vocabulary(
        kind="geography (force, nation, uk or not-recorded)", source=f"{vocab.source} and {force_vocab.source}"
    )
    for gid in vocab.ids():
        aliases = [a for a in vocab.attributes[gid].get("aliases", "").split("|") if a]
        merged.add(gid, vocab.names[gid], aliases, {**vocab.attributes[gid], "is_force": "no"}, 0)
    for fid in force_vocab.ids():
        attrs = force_vocab.attributes[fid]
        aliases = [a for a in attrs.get("aliases", "").split("|") if a]
        merged.add(fid, force_vocab.names[fid], aliases, {**attrs, "is_force": "yes"}, 0)
    return merged


def geographies(directory: Path | None = None) -> Vocabulary:
    """Forces plus the other geographies a figure can cover (UK, nations, no force recorded)."""
    d = Path(directory or raw_dir())
    return _geographies_cached(str(d), _mtime(d / "forces.csv"), _mtime(d / "geographies.csv"))


@lru_cache(maxsize=8)
def _populations_cached(directory: str, stamp: float) -> Vocabulary:
    path = Path(directory) / "populations.csv"
    if not path.exists():  # an older raw folder: everyone is counted as all victims
        out = Vocabulary(kind="group of people", source="data/raw/populations.csv")
        out.add("all", "All victims", ["all victims"], {"within": "", "split": ""}, 0)
        return out
    return _load(path, "group of people", "population", ["name", "within", "split", "aliases"])


def populations(directory: Path | None = None) -> Vocabulary:
    """Who a figure or claim counts: all victims (the default), women, children... (data/raw/populations.csv)."""
    d = Path(directory or raw_dir())
    return _populations_cached(str(d), _mtime(d / "populations.csv"))

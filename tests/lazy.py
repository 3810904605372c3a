"""Test data built on first use, not when a test module is collected: every pytest-xdist worker collects every
module, while only the one that runs a module's tests needs what they check (charts built from the data, say)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping


class LazyMap(Mapping):
    """A mapping whose keys are known at once (for test ids) and whose values are made together on first use."""

    def __init__(self, keys: Iterable, make: Callable[[], Mapping]):
        self._keys = list(keys)
        self._make = make
        self._made: Mapping | None = None

    def _values(self) -> Mapping:
        if self._made is None:
            self._made = self._make()
            assert list(self._made) == self._keys, (list(self._made), self._keys)
        return self._made

    def __getitem__(self, key):
        return self._values()[key]

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

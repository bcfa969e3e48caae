"""A time budget for one extraction, checked cooperatively inside the stages' loops.

Every stage is linear in the length of the text, but a server still wants a bound it can state:
`extract(text, time_budget=2.0)` raises `ExtractionTimeout` once two seconds have passed, from
whichever loop is running, so the worker is free again instead of finishing a job nobody waits
for. The clock is read only every few hundred steps, which keeps the checks' cost negligible.
"""

from __future__ import annotations

import time


class ExtractionTimeout(Exception):
    """The extraction ran past its time budget and was abandoned."""

    def __init__(self, budget: float):
        self.budget = budget
        super().__init__(
            f"Finding the statements in this text took longer than the limit of {budget:g} seconds, so it was "
            "stopped. Try again in a moment, or split the article into shorter parts."
        )


class _Deadline:
    """When the budget runs out; `tick()` in a loop, `check()` between stages."""

    __slots__ = ("at", "budget", "steps")

    _EVERY = 256  # steps between two readings of the clock

    def __init__(self, budget: float | None):
        self.budget = budget
        self.at = None if budget is None else time.monotonic() + budget
        self.steps = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps % self._EVERY == 0:
            self.check()

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise ExtractionTimeout(self.budget)


NO_DEADLINE = _Deadline(None)

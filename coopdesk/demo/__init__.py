"""The demo cooperative: a realistic, deterministic book so every screen has real figures.

`build_demo` runs a list of steps in one transaction; each area of the app adds its step (members,
savings, loans, products, year-end). The same seed and the same `today` give the same book.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from coopdesk.book import Book
from coopdesk.progress import NO_PROGRESS, Progress, report


@dataclass
class DemoPlan:
    """What to build, and what the steps learn from each other along the way."""

    members: int = 120
    years: int = 2
    seed: int = 1
    today: date = field(default_factory=date.today)
    rng: random.Random = field(init=False)
    member_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def first_year(self) -> int:
        return self.today.year - self.years + 1


Step = Callable[[Session, DemoPlan], None]


def steps() -> list[tuple[str, Step]]:
    from coopdesk.demo import (
        journal_step,
        loans_step,
        members_step,
        products_step,
        savings_register,
        savings_step,
        setup_step,
        treasury_step,
        yearend_step,
    )

    return [
        ("setup", setup_step.run),
        ("members", members_step.run),
        ("migrant register", savings_register.run),
        ("journal", journal_step.run),
        ("savings", savings_step.run),
        ("loans", loans_step.run),
        ("products", products_step.run),
        ("treasury", treasury_step.run),  # after every step that moves cash
        ("year-end", yearend_step.run),  # last: closes every past year the others filled
    ]


def build_demo(book: Book, plan: DemoPlan, *, progress: Progress = NO_PROGRESS) -> DemoPlan:
    """Fill a new, empty book with the demo cooperative."""
    todo = steps()
    with book.transaction() as session:
        for i, (_name, step) in enumerate(todo):
            report(progress, i, len(todo))
            step(session, plan)
        report(progress, len(todo), len(todo))
    return plan

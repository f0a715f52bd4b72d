"""Beranda (home): the cooperative at a glance, as cards.

Cards are listed in `CARDS` as (key, "module:Class"); each is a `QWidget` subclass
`XxxCard(ctx, parent=None)` with `refresh()`. A card whose module is not built yet is left out
(an empty "not built yet" box on the first screen a treasurer sees would only confuse).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _, format_money, format_number, month_name
from coopdesk.ledger.journal_query import BookSummary
from coopdesk.ui.context import AppContext
from coopdesk.ui.lazy import PartMissing, create_part, load_class

CARDS: tuple[tuple[str, str], ...] = (
    ("summary", "coopdesk.ui.pages.home:SummaryCard"),
    ("charts", "coopdesk.ui.pages.charts:ChartsCard"),
    ("alerts", "coopdesk.ui.pages.products_alerts:AlertsCard"),
)


class Card(QFrame):
    """The frame every card shares: a title and a body."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 14)
        heading = QLabel(title)
        heading.setObjectName("cardTitle")
        self.body.addWidget(heading)


class SummaryCard(Card):
    """Members, cash, bank, and the number of entries this month."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Today at a glance"), parent)
        self.ctx = ctx
        grid = QGridLayout()
        grid.setHorizontalSpacing(36)
        self.figures: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for column, (key, caption) in enumerate((
            ("members", _("Members")), ("cash", _("Cash in hand")),
            ("bank", _("Money in the bank")),
            ("entries", _("Journal entries this month")),
        )):
            figure = QLabel("…")
            figure.setObjectName("figure")
            label = QLabel(caption)
            label.setObjectName("figureLabel")
            grid.addWidget(figure, 0, column)
            grid.addWidget(label, 1, column)
            self.figures[key] = figure
            self.captions[key] = label
        grid.setColumnStretch(4, 1)
        self.body.addLayout(grid)
        self.refresh()

    def refresh(self) -> None:
        from coopdesk.ledger.journal_query import book_summary


        book = self.ctx.book

        def load(_progress: object) -> BookSummary:
            with book.read() as session:
                return book_summary(session, date.today())

        self.ctx.run_task(load, title=_("Reading the book…"), on_done=self._show,
                          cancellable=False)

    def _show(self, summary: BookSummary) -> None:
        self.figures["members"].setText(format_number(summary.members))
        self.figures["cash"].setText(format_money(summary.cash))
        self.figures["bank"].setText(format_money(summary.bank))
        self.figures["entries"].setText(format_number(summary.entries_this_month))
        self.captions["entries"].setText(_("Journal entries in {month}").format(
            month=f"{month_name(summary.month.month)} {summary.month.year}"))


class HomePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Home"))
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(0, 0, 8, 0)
        self.column.setSpacing(12)
        self.inner = inner
        self.cards: dict[str, QWidget] = {}
        self.column.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        self._add_card(*CARDS[0])
        # The other cards (and the modules behind them) come once the window is on screen.
        QTimer.singleShot(0, self._add_other_cards)

    def _add_card(self, key: str, spec: str) -> None:
        try:
            load_class(spec)
        except PartMissing:
            return
        card = create_part(spec, key, self.ctx, parent=self.inner)
        self.cards[key] = card
        self.column.insertWidget(self.column.count() - 1, card)

    def _add_other_cards(self) -> None:
        for key, spec in CARDS[1:]:
            self._add_card(key, spec)

    def refresh(self) -> None:
        for card in self.cards.values():
            card.refresh()  # type: ignore[attr-defined]

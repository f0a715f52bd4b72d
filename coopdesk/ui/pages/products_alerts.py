"""Beranda card: batches near or past their expiry, permits expiring within 90 days or expired."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from coopdesk.i18n import _
from coopdesk.ui.context import AppContext
from coopdesk.ui.pages.home import Card

MAX_SHOWN = 8
RED, AMBER = "#b42318", "#b54708"


class AlertsCard(Card):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Products: expiry and permits"), parent)
        self.ctx = ctx
        self.lines: list[QLabel] = []
        self.empty = QLabel(_("No alerts: no batch near expiry, no permit expiring within 90 "
                              "days."))
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.body.addWidget(self.empty)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, area: str) -> None:
        if area == "products":
            self.refresh()

    def refresh(self) -> None:
        from coopdesk.products import alerts

        book = self.ctx.book

        def load(_progress: object) -> list[alerts.Alert]:
            with book.read() as session:
                return alerts.alerts(session, date.today())

        self.ctx.run_task(load, title=_("Reading the book…"), on_done=self.show_alerts,
                          cancellable=False)

    def show_alerts(self, found: list[Any]) -> None:  # list[Alert]
        for label in self.lines:
            self.body.removeWidget(label)
            label.deleteLater()
        self.lines = []
        self.empty.setVisible(not found)
        for alert in found[:MAX_SHOWN]:
            colour = RED if alert.urgent else AMBER
            mark = "‼" if alert.urgent else "!"
            label = QLabel(f"<span style='color:{colour}; font-weight:bold'>{mark}</span> "
                           f"{_escape(alert.message)}")
            label.setWordWrap(True)
            self.body.addWidget(label)
            self.lines.append(label)
        if len(found) > MAX_SHOWN:
            more = QLabel(_("… and {n} more on the Products & Labels page.").format(
                n=len(found) - MAX_SHOWN))
            more.setObjectName("muted")
            self.body.addWidget(more)
            self.lines.append(more)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)

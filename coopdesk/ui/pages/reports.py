"""Laporan (reports): one tab per report.

Tabs are listed in `TABS` as (key, label, "module:Class"); each is a `QWidget` subclass
`XxxTab(ctx, parent=None)` with `refresh()`. A tab is created the first time it is opened; one
whose module is not built yet says so. `coopdesk gui --page laporan:KEY` opens a given tab.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from coopdesk.i18n import N_, _
from coopdesk.ui.context import AppContext
from coopdesk.ui.lazy import create_part

TABS: tuple[tuple[str, str, str], ...] = (
    ("trial-balance", N_("Trial balance"),
     "coopdesk.ui.pages.reports_trial_balance:TrialBalanceTab"),
    ("statements", N_("Financial statements"),
     "coopdesk.ui.pages.reports_statements:StatementsTab"),
    ("migrants", N_("Migrant workers"), "coopdesk.ui.pages.reports_migrants:MigrantsTab"),
    ("audit", N_("Audit trail"), "coopdesk.ui.pages.audit:AuditTab"),
)


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(_("Reports"))
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.created: dict[str, QWidget] = {}
        self.stale: set[str] = set()
        for _key, label, _spec in TABS:
            self.tabs.addTab(QWidget(), _(label))
        self.tabs.currentChanged.connect(self._on_tab)
        layout.addWidget(self.tabs, 1)
        self._on_tab(0)

    def _on_tab(self, index: int) -> None:
        if index < 0:
            return
        key, label, spec = TABS[index]
        if key in self.created:
            if key in self.stale:
                self.stale.discard(key)
                self.created[key].refresh()  # type: ignore[attr-defined]
            return
        tab = create_part(spec, _(label), self.ctx, parent=self.tabs)
        self.created[key] = tab
        self.tabs.blockSignals(True)
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        if old is not None:
            old.deleteLater()
        self.tabs.insertTab(index, tab, _(label))
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)

    def show_section(self, key: str) -> None:
        index = next((i for i, (k, _l, _s) in enumerate(TABS) if k == key), None)
        if index is not None:
            self.tabs.setCurrentIndex(index)
            self._on_tab(index)

    def current_tab(self) -> QWidget:
        return self.tabs.currentWidget()

    def refresh(self) -> None:
        current = TABS[self.tabs.currentIndex()][0]
        for key, tab in self.created.items():
            if key == current:
                tab.refresh()  # type: ignore[attr-defined]
            else:
                self.stale.add(key)

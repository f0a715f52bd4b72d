"""The pages of the main window, in navigation order: (key, label, "module:Class").

Each area adds its page here. A page is a `QWidget` subclass `XxxPage(ctx, parent=None)` with a
`refresh()` method. Modules are imported only when the page is first shown, so start-up stays
fast and a page that does not exist yet is shown as "not built yet" instead of failing.
"""

from __future__ import annotations

from coopdesk.i18n import N_

PageSpec = tuple[str, str, str]

PAGES: tuple[PageSpec, ...] = (
    ("beranda", N_("Home"), "coopdesk.ui.pages.home:HomePage"),
    ("anggota", N_("Members"), "coopdesk.ui.pages.members:MembersPage"),
    ("simpanan", N_("Savings"), "coopdesk.ui.pages.savings:SavingsPage"),
    ("pinjaman", N_("Loans"), "coopdesk.ui.pages.loans:LoansPage"),
    ("produk", N_("Products & Labels"), "coopdesk.ui.pages.products:ProductsPage"),
    ("laporan", N_("Reports"), "coopdesk.ui.pages.reports:ReportsPage"),
    ("jurnal", N_("Journal"), "coopdesk.ui.pages.journal:JournalPage"),
)

DEFAULT_PAGE = "beranda"


def page_keys() -> list[str]:
    return [key for key, _label, _spec in PAGES]

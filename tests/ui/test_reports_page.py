"""Laporan: the trial balance tab, its PDF preview, printing at 100%, and report tabs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coopdesk.book import Book
from coopdesk.ledger import journal
from coopdesk.ledger.journal import credit, debit
from tests.ui.conftest import settle


def _tab(window):  # type: ignore[no-untyped-def]
    page = window.show_page("laporan", "trial-balance")
    settle(window)
    return page.current_tab()


def _post(book: Book) -> None:
    book.write(lambda s: journal.post_entry(s, date=date(2025, 3, 1), memo="Setoran",
                                            lines=[debit("cash", 1_500_000),
                                                   credit("savings.pokok", 1_500_000)]))


def test_trial_balance_tab_lists_balances_and_totals(window, book: Book) -> None:
    _post(book)
    tab = _tab(window)
    tab.as_of.set_date(date(2025, 12, 31))
    settle(window)
    table = tab.table
    cells = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert cells[0][:2] == ["1101", "Kas"] and cells[0][2] == "Rp1,500,000"
    assert cells[-1][1] == "Total" and cells[-1][2] == cells[-1][3] == "Rp1,500,000"
    assert tab.preview_button.isEnabled()


def test_trial_balance_as_of_an_earlier_date_leaves_later_entries_out(window, book) -> None:
    _post(book)
    tab = _tab(window)
    tab.as_of.set_date(date(2025, 2, 28))
    settle(window)
    assert tab.table.rowCount() == 1  # only the total row
    assert tab.report.total_debit == 0


def test_preview_renders_the_pdf_and_prints_at_full_size(window, book, qtbot,
                                                         tmp_path: Path) -> None:
    import pypdfium2
    from PySide6.QtPrintSupport import QPrinter

    from coopdesk.ui.pdf_view import PdfPreviewDialog, print_pdf

    _post(book)
    tab = _tab(window)
    tab.as_of.set_date(date(2025, 12, 31))
    settle(window)
    produced: list[bytes] = []
    tab._with_pdf(produced.append)
    settle(window)
    data = produced[0]
    assert data.startswith(b"%PDF")
    dialog = PdfPreviewDialog(data, "Neraca saldo")
    qtbot.addWidget(dialog)
    assert dialog.page_count >= 1
    small = dialog.page_view.pixmap().width()
    dialog.step_zoom(1)
    assert dialog.page_view.pixmap().width() > small
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    print_pdf(dialog.document, printer)
    printed = pypdfium2.PdfDocument(str(out))
    original = pypdfium2.PdfDocument(data)
    assert len(printed) == len(original)
    # 100% scale: the printed page is the original page's size (A4), to the point.
    assert [round(v) for v in printed[0].get_size()] == [round(v) for v in original[0].get_size()]
    dialog.close()


def test_report_tabs_not_built_yet_say_so(window) -> None:
    from coopdesk.ui.lazy import NotBuiltYet
    from coopdesk.ui.pages.reports import TABS

    page = window.show_page("laporan")
    for key, _label, spec in TABS:
        page.show_section(key)
        settle(window)
        module = spec.partition(":")[0]
        import importlib.util

        if importlib.util.find_spec(module) is None:
            assert isinstance(page.current_tab(), NotBuiltYet)
        else:
            assert not isinstance(page.current_tab(), NotBuiltYet)

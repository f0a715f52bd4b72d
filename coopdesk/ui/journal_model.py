"""The journal as a lazy table model: millions of lines, only a few hundred ever built.

The model knows how many lines match (one COUNT) and builds rows a block at a time when the view
asks for them: next to a block it already has by keyset paging (an index seek), else at an offset
counted from the nearer end. Blocks are kept in a small LRU cache, so scrolling back and forth is
free and memory stays flat whatever the size of the book. Filtering happens in SQL
(`coopdesk.ledger.journal_query`); the model runs no SQL of its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coopdesk.i18n import N_, _, format_date, format_money
from coopdesk.ledger.journal_query import JournalFilter, PostingKey, PostingRow

if TYPE_CHECKING:
    from coopdesk.book import Book

BLOCK = 200
CACHED_BLOCKS = 64
#: Rows between landmarks: a jump lands at most this far from a known key.
STRIDE = 32_768
COLUMNS = (N_("Date"), N_("Number"), N_("Description"), N_("Account"), N_("Member"),
           N_("Debit"), N_("Credit"))
DEBIT_COLUMN, CREDIT_COLUMN = 5, 6
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
SHADE = QColor("#f4f7fb")
MUTED = QColor("#7b8794")
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class JournalModel(QAbstractTableModel):
    """Lines of the journal matching a filter, fetched on demand."""

    def __init__(self, book: Book, parent: Any = None) -> None:
        super().__init__(parent)
        self.book = book
        self.filter = JournalFilter()
        self.count = 0
        self.blocks: OrderedDict[int, list[PostingRow]] = OrderedDict()
        #: How many rows were built from the database since the last reset (tests, benchmarks).
        self.rows_built = 0
        self.queries = 0
        #: While the scroll bar is dragged, rows not yet built show as "…" and are read once
        #: the drag ends: a jump across a million lines costs a fraction of a second, and
        #: paying it at every pixel of the drag would freeze the scroll bar.
        self.deferred = False
        #: landmarks[i] is the key of row (i + 1) * STRIDE - 1, found in the background.
        self.landmarks: list[PostingKey] = []

    def set_deferred(self, deferred: bool) -> None:
        self.deferred = deferred
        if not deferred and self.count:
            # Ask the view to look again; it requests only the rows it shows.
            self.dataChanged.emit(self.index(0, 0), self.index(self.count - 1, len(COLUMNS) - 1))

    # -- loading ----------------------------------------------------------------------------

    def load_count(self, flt: JournalFilter) -> int:
        """Count the lines matching `flt` (may run on a worker; touches no Qt state)."""
        from coopdesk.ledger.journal_query import count_postings

        with self.book.read() as session:
            return count_postings(session, flt)

    def reset(self, flt: JournalFilter, count: int) -> None:
        """Show `count` lines matching `flt`; rows are built only when looked at."""
        self.beginResetModel()
        self.filter = flt
        self.count = count
        self.blocks.clear()
        self.landmarks = []
        self.rows_built = 0
        self.queries = 0
        self.endResetModel()

    def find_landmarks(self, flt: JournalFilter, count: int,
                       progress: Callable[[int, int], bool]) -> list[PostingKey]:
        """Keys every STRIDE rows (runs on a worker; each step is one short index walk)."""
        from coopdesk.ledger.journal_query import posting_key_at
        from coopdesk.progress import report

        found: list[PostingKey] = []
        wanted = count // STRIDE
        with self.book.read() as session:
            while len(found) < wanted:
                report(progress, len(found), wanted)
                key = posting_key_at(session, flt, offset=STRIDE - 1,
                                     after=found[-1] if found else None)
                if key is None:
                    break
                found.append(key)
        return found

    def set_landmarks(self, flt: JournalFilter, count: int, keys: list[PostingKey]) -> None:
        if flt == self.filter and count == self.count:
            self.landmarks = keys

    def row_at(self, row: int) -> PostingRow | None:
        if not 0 <= row < self.count:
            return None
        number = row // BLOCK
        block = self.blocks.get(number)
        if block is None:
            if self.deferred:
                return None
            block = self._fetch(number)
        else:
            self.blocks.move_to_end(number)
        position = row - number * BLOCK
        return block[position] if position < len(block) else None

    def _fetch(self, number: int) -> list[PostingRow]:
        from coopdesk.ledger.journal_query import posting_block

        start = number * BLOCK
        end = min(self.count, start + BLOCK)
        before, after = self.blocks.get(number - 1), self.blocks.get(number + 1)
        with self.book.read() as session:
            if before:  # keyset: the lines right after the previous block
                rows = posting_block(session, self.filter, limit=end - start,
                                     after=before[-1].key)
            elif after:
                rows = posting_block(session, self.filter, limit=end - start,
                                     before=after[0].key)
            elif (mark := self._landmark_before(start)) is not None:
                rows = posting_block(session, self.filter, limit=end - start, after=mark[0],
                                     offset=mark[1])
            elif start <= self.count - end:
                rows = posting_block(session, self.filter, limit=end - start, offset=start)
            else:
                rows = posting_block(session, self.filter, limit=end - start,
                                     offset=self.count - end, from_end=True)
        self.queries += 1
        self.rows_built += len(rows)
        self.blocks[number] = rows
        while len(self.blocks) > CACHED_BLOCKS:
            self.blocks.popitem(last=False)
        return rows

    def _landmark_before(self, start: int) -> tuple[PostingKey, int] | None:
        """The nearest landmark before row `start` and the rows between, if that beats
        counting from either end of the list."""
        index = min(start // STRIDE - 1, len(self.landmarks) - 1)
        if index < 0:
            return None
        skip = start - ((index + 1) * STRIDE - 1) - 1
        if skip >= min(start, self.count - start):
            return None
        return self.landmarks[index], skip

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole and section >= DEBIT_COLUMN:
                return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks for a dozen roles per cell as it paints; answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() >= DEBIT_COLUMN else LEFT
        row = self.row_at(index.row())
        if row is None:
            return "…" if self.deferred and role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and row.entry_id % 2:
            return SHADE
        if role == Qt.ItemDataRole.ForegroundRole and row.reverses_id is not None:
            return MUTED
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.line_memo or row.entry_memo
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole,
})


def cell_text(row: PostingRow, column: int) -> str:
    if column == 0:
        return format_date(row.date, "medium") if row.first_line else ""
    if column == 1:
        return row.reference if row.first_line else ""
    if column == 2:
        if row.first_line:
            return row.entry_memo
        return row.line_memo or ""
    if column == 3:
        return f"{row.account_code} {row.account_name}"
    if column == 4:
        return row.member_no or ""
    if column == DEBIT_COLUMN:
        return format_money(row.debit) if row.debit else ""
    if column == CREDIT_COLUMN:
        return format_money(row.credit) if row.credit else ""
    return ""

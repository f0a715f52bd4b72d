"""Laporan › Financial statements › notes: the board writes its own words into the places of the
notes that only it can fill (about the cooperative, other accounting policies, events after the
reporting date), kept with the year; a preview shows the notes with the words on screen."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coopdesk.i18n import _
from coopdesk.ui.context import AppContext


class NotesDialog(QDialog):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from coopdesk.ledger.statements.notes_text import PLACES, board_texts

        self.ctx, self.year = ctx, year
        self.setWindowTitle(_("Notes to the financial statements {year}").format(year=year))
        self.resize(760, 640)
        with ctx.book.read() as s:
            self.kept = board_texts(s, year)
        layout = QVBoxLayout(self)
        intro = QLabel(_("The notes are made from the book's figures. Only the board can write "
                         "these parts; what is written here is kept with the year {year} and "
                         "printed in the notes and the meeting pack. A part left empty prints "
                         "in brackets what is still to be written. A blank line starts a new "
                         "paragraph.").format(year=year))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.edits: dict[str, QPlainTextEdit] = {}
        for key, (title, prompt) in PLACES.items():
            label = QLabel(_(title))
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            edit = QPlainTextEdit(self.kept[key])
            edit.setPlaceholderText(_(prompt))
            label.setBuddy(edit)
            layout.addWidget(label)
            layout.addWidget(edit, 1)
            self.edits[key] = edit
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = QPushButton(_("Preview the notes…"))
        box.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.preview)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def texts(self) -> dict[str, str]:
        return {key: edit.toPlainText() for key, edit in self.edits.items()}

    def save(self) -> None:
        from coopdesk.ledger.statements.notes_text import save_board_texts

        texts, year = self.texts(), self.year
        try:
            self.kept = self.ctx.book.write(lambda s: save_board_texts(s, year, texts))
        except Exception as exc:  # refused in plain words (too long, or a role without it)
            self.ctx.show_error(exc)
            return
        self.accept()

    def preview(self) -> None:
        """The notes as they would print with the words on screen (nothing is kept yet)."""
        from coopdesk.ledger.statements.notes import build_notes, notes_pdf
        from coopdesk.pdf import Letterhead

        texts, year, book = self.texts(), self.year, self.ctx.book

        def work(_progress: object) -> bytes:
            with book.read() as s:
                return notes_pdf(build_notes(s, year, texts=texts), Letterhead.from_book(s))

        self.ctx.run_task(work, title=_("Preparing the notes…"), on_done=lambda data:
                          self.ctx.preview_pdf(data, _("Notes to the financial statements")))

"""The member form: the register data with checks as you type, the stays abroad, the household.

Mistakes are shown under the form while typing (red stops the save); doubts — a NIK that does
not match the birth date — are shown in orange and do not stop it. Dates are typed the way
people write them (17/08/1985). Placements and household members are saved one by one, each its
own action, once the member exists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from coopdesk.access import can_see_sensitive
from coopdesk.errors import Problem, UserError
from coopdesk.i18n import N_, _, format_date
from coopdesk.members import countries, household
from coopdesk.members.register import MemberData, MemberView, check_member
from coopdesk.members.vocab import (
    CAREGIVER_LABELS,
    EDUCATION_CODES,
    EDUCATION_LABELS,
    MIGRANT_LABELS,
    RELATION_LABELS,
    SCHOOL_LEVEL_LABELS,
    SECTOR_LABELS,
    label,
    parse_date_text,
)
from coopdesk.ui.context import AppContext
from coopdesk.ui.messages import confirm


def _combo(items: list[tuple[str | None, str]]) -> QComboBox:
    box = QComboBox()
    for code, text in items:
        box.addItem(text, code)
    return box


def _select(box: QComboBox, code: str | None) -> None:
    index = box.findData(code)
    box.setCurrentIndex(max(index, 0))


def _date_edit(value: date | None) -> QLineEdit:
    edit = QLineEdit(value.strftime("%d/%m/%Y") if value else "")
    edit.setPlaceholderText(_("dd/mm/yyyy"))
    edit.setMaximumWidth(120)
    return edit


class MemberDialog(QDialog):
    def __init__(self, ctx: AppContext, member_no: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member: MemberView | None = None
        with ctx.book.read() as session:
            if member_no:
                from coopdesk.members.register import get_member

                self.member = get_member(session, member_no)
            from coopdesk.members.register import villages

            self.villages = villages(session)
            self.sensitive = can_see_sensitive(session)
        self.setWindowTitle(_("Member {no}").format(no=member_no) if member_no
                            else _("New member"))
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._data_tab(), _("Data"))
        self.placements_tab = PlacementsTab(ctx, self.member)
        self.tabs.addTab(self.placements_tab, _("Work abroad"))
        self.household_tab = HouseholdTab(ctx, self.member)
        self.tabs.addTab(self.household_tab, _("Household"))
        self.tabs.setTabEnabled(1, self.member is not None)
        self.tabs.setTabEnabled(2, self.member is not None and self.sensitive)
        layout.addWidget(self.tabs, 1)
        self.messages = QLabel()
        self.messages.setObjectName("formMessages")
        self.messages.setWordWrap(True)
        layout.addWidget(self.messages)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.validate()

    def _data_tab(self) -> QWidget:
        m = self.member
        page = QWidget()
        form = QFormLayout(page)
        self.fields: dict[str, QWidget] = {}
        self._make_fields()
        rows = [
            ("member_no", _("Member number"), self.no), ("name", _("Name"), self.name),
            ("nik", _("NIK"), self.nik), ("gender", _("Gender"), self.gender),
            ("birth_date", _("Birth date"), self.birth), ("village", _("Village"), self.village),
            ("district", _("District"), self.district), ("address", _("Address"), self.address),
            ("phone", _("Phone"), self.phone), ("education", _("Education"), self.education),
            ("joined_on", _("Joined on"), self.joined), ("status", _("Status"), self.status),
            ("migrant_status", _("Migrant worker"), self.migrant), ("notes", _("Notes"),
                                                                       self.notes),
        ]
        for key, text, widget in rows:
            form.addRow(text, widget)
            self.fields[key] = widget
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t: self.validate())
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i: self.validate())
        if m is not None and m.status == "keluar":
            form.addRow(_("Left on"), self._left_row(m))
        if m is not None:
            form.addRow(_("Photo"), self._photo_row())
        return page

    def _left_row(self, m: MemberView) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        when = format_date(m.left_on, "long") if m.left_on else "-"
        self.left_label = QLabel(f"{when} — {m.left_reason or ''}")
        self.left_label.setWordWrap(True)
        line.addWidget(self.left_label, 1)
        self.cancel_leaving_button = QPushButton(_("Cancel the leaving…"))
        self.cancel_leaving_button.setToolTip(_(
            "For a leaving recorded by mistake: the savings, the loans and the membership "
            "come back."))
        self.cancel_leaving_button.clicked.connect(self.cancel_leaving)
        line.addWidget(self.cancel_leaving_button)
        return row

    def cancel_leaving(self) -> None:
        from coopdesk.ui.pages.savings_leave import CancelLeavingDialog

        assert self.member is not None
        dialog = CancelLeavingDialog(self.ctx, self.member.member_no, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        # The member is a member again: the form shows it, and a later save keeps it.
        self.status.removeItem(self.status.findData("keluar"))
        self.status.setEnabled(True)
        _select(self.status, "anggota")
        self.left_label.setText(_("The leaving was cancelled."))
        self.cancel_leaving_button.setEnabled(False)

    def _make_fields(self) -> None:
        m = self.member
        self.no = QLineEdit(m.member_no if m else "")
        self.no.setPlaceholderText(_("automatic"))
        self.name = QLineEdit(m.name if m else "")
        self.nik = QLineEdit(m.nik or "" if m else "")
        self.nik.setPlaceholderText(_("16 digits"))
        self.gender = _combo([(None, "–"), ("P", _("Female (P)")), ("L", _("Male (L)"))])
        _select(self.gender, m.gender if m else "P")
        self.birth = _date_edit(m.birth_date if m else None)
        self.village = QLineEdit(m.village or "" if m else "")
        self.village.setCompleter(QCompleter(self.villages, self.village))
        self.district = QLineEdit(m.district or "" if m else "")
        self.address = QLineEdit(m.address or "" if m else "")
        self.phone = QLineEdit(m.phone or "" if m else "")
        self.education = _combo([(None, "–"), *((c, label(EDUCATION_LABELS, c))
                                                for c in EDUCATION_CODES)])
        _select(self.education, m.education if m else None)
        self.joined = _date_edit(m.joined_on if m else date.today())
        self.status = _combo([("anggota", _("Member")), ("calon", _("Prospective member"))])
        if m is not None and m.status == "keluar":
            self.status.addItem(_("Left"), "keluar")
            self.status.setEnabled(False)
        _select(self.status, m.status if m else "anggota")
        self.migrant = _combo([(c, label(MIGRANT_LABELS, c)) for c in MIGRANT_LABELS])
        _select(self.migrant, m.migrant_status if m else "none")
        self.notes = QLineEdit(m.notes or "" if m else "")

    def _photo_row(self) -> QWidget:
        from PySide6.QtCore import Qt

        from coopdesk.members.register import photo

        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.photo = QLabel(_("No photo"))
        self.photo.setObjectName("memberPhoto")
        self.photo.setFixedSize(72, 90)
        # The words fill the photo's frame on two lines rather than being cut ("Belum ada f").
        self.photo.setWordWrap(True)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.photo)
        choose = QPushButton(_("Choose photo…"))
        choose.clicked.connect(self.choose_photo)
        row.addWidget(choose)
        row.addStretch(1)
        assert self.member is not None
        with self.ctx.book.read() as session:
            self._show_photo(photo(session, self.member.member_no))
        return box

    def _show_photo(self, data: bytes | None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPixmap

        if not data:
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self.photo.setPixmap(pixmap.scaled(72, 90, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))

    def choose_photo(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from coopdesk.members.register import set_photo

        path, _filter = QFileDialog.getOpenFileName(self, _("Choose photo"), "",
                                                    _("Pictures (*.png *.jpg *.jpeg)"))
        if not path or self.member is None:
            return
        no, data = self.member.member_no, Path(path).read_bytes()
        try:
            self.ctx.book.write(lambda s: set_photo(s, no, Path(path).name, data))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self._show_photo(data)

    def data(self) -> tuple[MemberData, list[Problem]]:
        """What the form says, and the dates that could not be read."""
        problems = []
        dates: dict[str, date | None] = {}
        for key, edit in (("birth_date", self.birth), ("joined_on", self.joined)):
            text = edit.text().strip()
            dates[key] = parse_date_text(text) if text else None
            if text and dates[key] is None:
                problems.append(Problem(_("Write the date as dd/mm/yyyy, e.g. 17/08/1985."),
                                        column=key))
        data = MemberData(
            name=self.name.text(), member_no=self.no.text() or None, nik=self.nik.text() or None,
            gender=self.gender.currentData(), birth_date=dates["birth_date"],
            address=self.address.text() or None, village=self.village.text() or None,
            district=self.district.text() or None, phone=self.phone.text() or None,
            education=self.education.currentData(), joined_on=dates["joined_on"],
            status=self.status.currentData(), migrant_status=self.migrant.currentData(),
            notes=self.notes.text() or None)
        return data, problems

    def validate(self) -> bool:
        data, problems = self.data()
        masked = data.nik is not None and "*" in data.nik
        if masked and self.member is not None:
            data = MemberData(**{**data.__dict__, "nik": None})
        with self.ctx.book.read() as session:
            check = check_member(session, data, member_id=self.member.id if self.member else None)
        errors = problems + check.errors
        bad = {p.column for p in errors}
        for key, widget in self.fields.items():
            widget.setProperty("invalid", key in bad)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        lines = [f"<span style='color:#B42318'>✗ {p.reason}</span>" for p in errors]
        lines += [f"<span style='color:#B54708'>! {p.reason}</span>" for p in check.warnings]
        self.messages.setText("<br>".join(lines))
        self.save_button.setEnabled(not errors)
        return not errors

    def save(self) -> None:
        from coopdesk.members.register import add_member, update_member

        if not self.validate():
            return
        data, _problems = self.data()
        current = self.member
        try:
            if current is None:
                saved = self.ctx.book.write(lambda s: add_member(s, data))
            else:
                saved = self.ctx.book.write(lambda s: update_member(s, current.member_no, data))
        except UserError as exc:
            self.ctx.show_error(exc)
            return
        self.member = saved
        self.accept()


class _RecordsTab(QWidget):
    """A table of the member's records of one kind, with Add… and Remove below it. Both write
    in one transaction, say what went wrong in words, and tell the other pages."""

    HEADERS: tuple[str, ...] = ()
    ADD_TEXT = ""
    REMOVE_QUESTION = ""

    def __init__(self, ctx: AppContext, member: MemberView | None) -> None:
        super().__init__()
        self.ctx = ctx
        self.member = member
        layout = QVBoxLayout(self)
        self.table = _table([_(h) for h in self.HEADERS])
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        add = QPushButton(_(self.ADD_TEXT))
        add.clicked.connect(self.add)
        remove = QPushButton(_("Remove"))
        remove.clicked.connect(self.remove)
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.rows: list[Any] = []
        self.refresh()

    # what each kind of record says
    def _load(self, session: Session, member_no: str) -> list[Any] | None:
        raise NotImplementedError

    def _cells(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def _ask(self) -> Any | None:
        """The new record's data from its dialog, or None when cancelled."""
        raise NotImplementedError

    def _add(self, session: Session, member_no: str, data: Any) -> None:
        raise NotImplementedError

    def _remove(self, session: Session, record_id: int) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        if self.member is None:
            return
        no = self.member.member_no
        with self.ctx.book.read() as session:
            rows = self._load(session, no)
        if rows is None:  # not this user's to see
            return
        self.rows = rows
        _fill(self.table, [self._cells(r) for r in self.rows])

    def add(self) -> None:
        data = self._ask()
        if data is None or self.member is None:
            return
        no = self.member.member_no
        self._write(lambda s: self._add(s, no, data))

    def remove(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not confirm(self, _(self.REMOVE_QUESTION), yes=_("Remove")):
            return
        record_id = self.rows[rows[0].row()].id
        self._write(lambda s: self._remove(s, record_id))

    def _write(self, change: Callable[[Session], None]) -> None:
        try:
            self.ctx.book.write(change)
        except UserError as exc:
            self.ctx.show_error(exc)
        self.refresh()
        self.ctx.changed.emit("members")


class PlacementsTab(_RecordsTab):
    """The member's stays abroad: add, and remove one entered by mistake."""

    HEADERS = (N_("Country"), N_("Sector"), N_("Job"), N_("Departure"), N_("Return"),
               N_("Agency"))
    ADD_TEXT = N_("Add a stay abroad…")
    REMOVE_QUESTION = N_("Remove this stay abroad from the register?")

    def _load(self, session: Session, member_no: str) -> list[Any] | None:
        return list(household.placements(session, member_no))

    def _cells(self, p: household.PlacementView) -> tuple[str, ...]:
        return (countries.name(p.country), label(SECTOR_LABELS, p.sector), p.job or "",
                format_date(p.departure_date, "short") if p.departure_date else "",
                format_date(p.return_date, "short") if p.return_date else _("still abroad"),
                p.agency or "")

    def _ask(self) -> household.PlacementData | None:
        dialog = PlacementDialog(self)
        return dialog.data() if dialog.exec() else None

    def _add(self, session: Session, member_no: str, data: household.PlacementData) -> None:
        household.add_placement(session, member_no, data)

    def _remove(self, session: Session, record_id: int) -> None:
        household.remove_placement(session, record_id)


class PlacementDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Stay abroad"))
        form = QFormLayout(self)
        self.country = QComboBox()
        common = [(c, countries.name(c)) for c in countries.COMMON]
        for code, name in [*common, *(x for x in countries.choices() if x[0] not in
                                      countries.COMMON)]:
            self.country.addItem(name, code)
        self.sector = _combo([("informal", _("Informal (domestic work, care)")),
                              ("formal", _("Formal (factory, plantation, ship ...)"))])
        self.job = QLineEdit()
        self.departure = _date_edit(None)
        self.returned = _date_edit(None)
        self.agency = QLineEdit()
        self.documents = [QCheckBox(_("Passport")), QCheckBox(_("Contract")),
                          QCheckBox(_("Insurance"))]
        for text, widget in ((_("Country"), self.country), (_("Sector"), self.sector),
                             (_("Job"), self.job), (_("Departure"), self.departure),
                             (_("Return (empty while abroad)"), self.returned),
                             (_("Agency (P3MI)"), self.agency)):
            form.addRow(text, widget)
        docs = QHBoxLayout()
        for box in self.documents:
            docs.addWidget(box)
        form.addRow(_("Documents"), docs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> household.PlacementData:
        return household.PlacementData(
            country=self.country.currentData(), sector=self.sector.currentData(),
            job=self.job.text() or None,
            departure_date=parse_date_text(self.departure.text()),
            return_date=parse_date_text(self.returned.text()), agency=self.agency.text() or None,
            has_passport=self.documents[0].isChecked(),
            has_contract=self.documents[1].isChecked(),
            has_insurance=self.documents[2].isChecked())


class HouseholdTab(_RecordsTab):
    """Spouse and children, and who cares for each child while a parent is abroad."""

    HEADERS = (N_("Relation"), N_("Name"), N_("Born"), N_("School"), N_("Caregiver"))
    ADD_TEXT = N_("Add spouse or child…")
    REMOVE_QUESTION = N_("Remove this person from the household?")

    def _load(self, session: Session, member_no: str) -> list[Any] | None:
        if not can_see_sensitive(session):
            return None
        return list(household.household(session, member_no))

    def _cells(self, p: household.PersonView) -> tuple[str, ...]:
        return (label(RELATION_LABELS, p.relation), p.name,
                format_date(p.birth_date, "short") if p.birth_date else "",
                " ".join(filter(None, [label(SCHOOL_LEVEL_LABELS, p.school_level),
                                       p.school or ""])),
                " ".join(filter(None, [label(CAREGIVER_LABELS, p.caregiver),
                                       p.caregiver_name or ""])))

    def _ask(self) -> household.PersonData | None:
        dialog = PersonDialog(self)
        return dialog.data() if dialog.exec() else None

    def _add(self, session: Session, member_no: str, data: household.PersonData) -> None:
        household.add_person(session, member_no, data)

    def _remove(self, session: Session, record_id: int) -> None:
        household.remove_person(session, record_id)


class PersonDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Household member"))
        form = QFormLayout(self)
        self.relation = _combo([("child", _("Child")), ("spouse", _("Spouse"))])
        self.name = QLineEdit()
        self.gender = _combo([(None, "–"), ("P", _("Female (P)")), ("L", _("Male (L)"))])
        self.birth = _date_edit(None)
        self.level = _combo([(None, "–"), *((c, label(SCHOOL_LEVEL_LABELS, c))
                                            for c in SCHOOL_LEVEL_LABELS)])
        self.school = QLineEdit()
        self.caregiver = _combo([(None, "–"), *((c, label(CAREGIVER_LABELS, c))
                                                for c in CAREGIVER_LABELS)])
        self.caregiver_name = QLineEdit()
        for text, widget in ((_("Relation"), self.relation), (_("Name"), self.name),
                             (_("Gender"), self.gender), (_("Birth date"), self.birth),
                             (_("School level"), self.level), (_("School"), self.school),
                             (_("Caregiver while a parent is abroad"), self.caregiver),
                             (_("Caregiver's name"), self.caregiver_name)):
            form.addRow(text, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> household.PersonData:
        return household.PersonData(
            relation=self.relation.currentData(), name=self.name.text(),
            gender=self.gender.currentData(), birth_date=parse_date_text(self.birth.text()),
            school=self.school.text() or None, school_level=self.level.currentData(),
            caregiver=self.caregiver.currentData(),
            caregiver_name=self.caregiver_name.text() or None)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))

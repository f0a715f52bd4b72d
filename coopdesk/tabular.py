"""Tables in and out: CSV and XLSX files for machines and spreadsheets, read and written safely.

Written CSV is for machines: UTF-8, a header row, ISO dates, plain numbers. Written XLSX keeps
numbers as numbers and dates as dates. Text that a spreadsheet would run as a formula (starting
with = + - @, tab or carriage return) is neutralised with a leading apostrophe on the way out.

Reading accepts CSV (UTF-8 with or without BOM, or Windows-1252 as saved by older Excel; comma,
semicolon or tab separated) and XLSX, within limits that stop a hostile or broken file (a zip
bomb, a huge cell) before it costs memory. Every cell comes back as text with its row number.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from coopdesk.errors import UserError
from coopdesk.i18n import _

Cell = str | int | Decimal | date | datetime | bool | None

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100  # uncompressed / compressed; real sheets compress ~5-20x
MAX_ROWS = 200_000
MAX_CELL_CHARS = 2_000


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would evaluate; plain signed numbers are not formulas."""
    if not text or text[0] not in FORMULA_PREFIXES:
        return False
    if text[0] in "+-":
        rest = text[1:].replace(".", "").replace(",", "")
        return not rest.isdigit()
    return True


def neutralise(text: str) -> str:
    return "'" + text if looks_like_formula(text) else text


def csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    # A lone carriage return would end the CSV row early (the writer ends lines with \n only).
    return neutralise(str(value)).replace("\r\n", "\n").replace("\r", "\n")


def write_csv(
    target: Path | IO[str], header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    """Machine CSV: UTF-8, header row, ISO dates, plain numbers."""
    if isinstance(target, Path):
        buffer = io.StringIO()
        write_csv(buffer, header, rows)
        atomic_write_bytes(target, buffer.getvalue().encode("utf-8"))
        return
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    #: Columns (by index) shown with thousands separators, as money.
    money_columns: Sequence[int] = field(default_factory=tuple)
    widths: Sequence[int] = field(default_factory=tuple)


def write_xlsx(target: Path, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.title[:31] or "Sheet")
        for i, width in enumerate(sheet.widths):
            ws.column_dimensions[_column_letter(i)].width = width
        from openpyxl.cell import WriteOnlyCell

        header_cells = []
        for name in sheet.header:
            c = WriteOnlyCell(ws, value=neutralise(str(name)))
            c.font = Font(bold=True)
            header_cells.append(c)
        ws.append(header_cells)
        money = set(sheet.money_columns)
        for row in sheet.rows:
            cells: list[Any] = []
            for i, value in enumerate(row):
                v: Any = neutralise(value) if isinstance(value, str) else value
                if isinstance(v, Decimal) and v == v.to_integral_value() and i in money:
                    v = int(v)
                c = WriteOnlyCell(ws, value=v)
                if i in money:
                    c.number_format = "#,##0"
                elif isinstance(value, date):
                    c.number_format = "yyyy-mm-dd"
                cells.append(c)
            ws.append(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(target, buffer.getvalue())


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write a file whole or not at all: a failure never leaves half a file behind."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UserError(
            _("Cannot write “{path}”: {error}").format(path=target, error=exc.strerror or exc)
        ) from None


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    number: int  # as the user sees it in a spreadsheet: the header is row 1
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]


class FileRefused(UserError):
    """A file that cannot be read as a table at all."""


def read_table(path: Path, *, aliases: dict[str, str] | None = None) -> Table:
    """Read a CSV or XLSX file with a header row. `aliases` maps other header names (e.g.
    Indonesian ones) to the canonical column names; header names are matched case-insensitively."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRefused(
            _("Cannot read “{path}”: {error}").format(path=path, error=exc.strerror)
        ) from None
    if size > MAX_FILE_BYTES:
        raise FileRefused(_("“{path}” is larger than 50 MB.").format(path=path.name))
    with path.open("rb") as fh:
        head = fh.read(4)
    if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        raw_rows = list(_xlsx_rows(path))
    else:
        raw_rows = list(_csv_rows(path))
    if not raw_rows:
        raise FileRefused(_("“{path}” is empty.").format(path=path.name))
    header_raw = raw_rows[0]
    header = tuple(_canonical(h, aliases) for h in header_raw)
    rows = []
    for number, values in enumerate(raw_rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue  # blank lines are common at the end of spreadsheets
        _refuse_damaged(path, number, header_raw, values)
        cells = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}
        rows.append(Row(number, cells))
    return Table(header, tuple(rows))


def _canonical(name: str, aliases: dict[str, str] | None) -> str:
    key = " ".join(name.strip().lower().replace("\ufeff", "").split())
    if aliases:
        return aliases.get(key, key.replace(" ", "_"))
    return key.replace(" ", "_")


# Invisible control characters and U+FFFD (what a program leaves where it lost a letter).
_DAMAGED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
# A UTF-8 letter: in a file that is not UTF-8 as a whole, a sign that two encodings were mixed.
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _refuse_damaged(path: Path, number: int, header: Sequence[str], values: Sequence[str]
                    ) -> None:
    if _DAMAGED.search("\n".join(values)) is None:
        return
    column = next(i for i, v in enumerate(values) if _DAMAGED.search(v))
    raise FileRefused(
        _("Row {row}, column “{column}” of “{path}” holds a damaged or invisible character; "
          "type that cell again.").format(
              row=number, column=header[column] if column < len(header) else column + 1,
              path=path.name))


def _decode(data: bytes, name: str = "") -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if _UTF8_LETTER.search(data):
            raise FileRefused(
                _("“{path}” mixes two text encodings, so some letters would come out wrong; "
                  "save it again as “CSV UTF-8”.").format(path=name)) from None
    for encoding in ("cp1252",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(path: Path) -> Iterator[list[str]]:
    text = _decode(path.read_bytes(), path.name)
    if "\x00" in text:
        raise FileRefused(_("“{path}” is not a CSV text file.").format(path=path.name))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for count, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if count > MAX_ROWS:
            raise FileRefused(_("“{path}” has more than {n} rows.").format(path=path.name,
                                                                          n=MAX_ROWS))
        yield [v[: MAX_CELL_CHARS + 1] for v in values]


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(
            _("“{path}” is not a valid Excel (XLSX) file.").format(path=path.name)
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise FileRefused(
            _("“{path}” expands to far more data than a spreadsheet holds; it was not read.")
            .format(path=path.name)
        )
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula comes back as its text ("=...") so the import refuses it
        # as a formula, instead of reading the value it had when last saved (or nothing, when
        # a script wrote the file and no value was ever saved).
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for broken files
        raise FileRefused(
            _("“{path}” is not a valid Excel (XLSX) file.").format(path=path.name)
        ) from None
    try:
        ws = wb.worksheets[0]
        for count, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if count > MAX_ROWS:
                raise FileRefused(_("“{path}” has more than {n} rows.").format(path=path.name,
                                                                              n=MAX_ROWS))
            yield [_xlsx_text(v) for v in values]
    except FileRefused:
        raise
    except Exception:  # a sheet broken past its first rows (cut short, bad XML)
        raise FileRefused(
            _("“{path}” is not a valid Excel (XLSX) file.").format(path=path.name)
        ) from None
    finally:
        wb.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else (
            value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # Spreadsheets store every number as a float; whole numbers come back without ".0".
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)[: MAX_CELL_CHARS + 1]

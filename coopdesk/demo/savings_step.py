"""Demo step: years of members' savings — pokok on joining, monthly wajib with realistic gaps,
sukarela (some of it sent home from abroad in HKD, TWD, MYR ...), and a few members leaving.

The members' meeting raised the wajib by Rp5.000 from an April within the last year, so both
amounts show in the receipts, the dues grid and the arrears; each month is paid at its own amount.

The history before the last twelve months stands for the cooperative's paper cash book carried
over: each month's collections of each kind are one recap entry (a line per member, so every
member's balance and arrears are exact) and older movements carry no kuitansi; only deposits sent
from abroad keep an entry of their own there, for their remittance details. From twelve months
ago on, every payment is its own entry with its own receipt, as the app records them. Everything is
posted in bulk (`journal.post_entries`, `receipts.issue_receipts`); deterministic by seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from coopdesk.db import utcnow
from coopdesk.demo import DemoPlan
from coopdesk.ledger import journal, receipts, savings_wajib
from coopdesk.ledger.journal import Line, NewEntry, credit, debit
from coopdesk.ledger.receipts import RECEIPT_PLACE, TREASURER_NAME, ReceiptLine, ReceiptRequest
from coopdesk.ledger.savings import POKOK_AMOUNT, Remittance
from coopdesk.ledger.savings_models import RemittanceRecord
from coopdesk.members.models import Member, Placement
from coopdesk.money import round_half_up

# Currency, rupiah per unit in the demo's first year, typical amounts sent (units, step).
CURRENCY = {
    "HK": ("HKD", Decimal("1950"), (500, 4000, 100)), "TW": ("TWD", Decimal("470"), (3000, 20000,
                                                                                     500)),
    "MY": ("MYR", Decimal("3400"), (200, 2000, 50)), "SG": ("SGD", Decimal("11000"),
                                                          (100, 800, 50)),
    "SA": ("SAR", Decimal("4000"), (300, 2500, 100)), "KR": ("KRW", Decimal("12"),
                                                           (200_000, 2_000_000, 50_000)),
    "JP": ("JPY", Decimal("120"), (20_000, 150_000, 5_000)), "BN": ("BND", Decimal("11000"),
                                                                    (100, 800, 50)),
    "AE": ("AED", Decimal("4100"), (300, 2500, 100)),
}
CHANNELS = ("Western Union", "Transfer bank", "Wesel pos", "BRI Remitansi")
LEAVE_REASONS = ("Pindah ke luar kota", "Berangkat lagi ke luar negeri dalam waktu lama",
                 "Meninggal dunia", "Mengundurkan diri")


@dataclass
class _Ledger:
    """What the step builds before posting: entries, and what hangs on some of them."""

    entries: list[NewEntry] = field(default_factory=list)
    receipts: dict[int, ReceiptRequest] = field(default_factory=dict)  # by entry position
    remittances: dict[int, dict[str, object]] = field(default_factory=dict)
    # (first of the month, kind, paid out?) -> (member id, amount) for the paper-era recaps
    recap: dict[tuple[date, str, bool], list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list))

    def add(self, entry: NewEntry, receipt: ReceiptRequest | None = None,
            remittance: dict[str, object] | None = None) -> None:
        if receipt is not None:
            self.receipts[len(self.entries)] = receipt
        if remittance is not None:
            self.remittances[len(self.entries)] = remittance
        self.entries.append(entry)


@dataclass(frozen=True)
class _Member:
    id: int
    no: str
    name: str
    joined: date
    stays: tuple[tuple[str, date, date | None], ...]

    @property
    def party(self) -> str:
        return f"{self.name} ({self.no})"

    def abroad_in(self, day: date) -> str | None:
        for country, left, back in self.stays:
            if left <= day and (back is None or back > day):
                return country
        return None


def run(session: Session, plan: DemoPlan) -> None:
    if session.get_bind().dialect.name == "sqlite":
        # Half a million postings go into indexes keyed by member: with SQLite's default 2 MB
        # page cache most inserts would wait on the disk. This connection only, for this step.
        session.execute(text("PRAGMA cache_size = -262144"))
    rng = random.Random(plan.seed * 104_729 + 11)
    RECEIPT_PLACE.put(session, "Sumpiuh", check=False)
    TREASURER_NAME.put(session, "Sri Wahyuni", check=False)
    cutoff = plan.today - relativedelta(months=12)
    members = _members(session, plan)
    book = _Ledger()
    story = _Story(rng, plan, book, cutoff, POKOK_AMOUNT.get(session),
                   _raise_wajib(session, plan))
    calon, leavers = [], {}
    for m in members:
        if (plan.today - m.joined).days < 45 and rng.random() < 0.5:
            calon.append(m.id)  # joined lately, pokok not paid yet
            continue
        leaves = None
        if (plan.today - m.joined).days > 730 and rng.random() < 0.025:
            leaves = plan.today - timedelta(days=rng.randint(10, 540))
            leavers[m.id] = leaves
        story.member(m, leaves)
    for key, payments in sorted(book.recap.items()):
        book.add(_recap_entry(*key, payments))
    _post(session, plan, book)
    if calon:
        session.execute(update(Member).where(Member.id.in_(calon)).values(status="calon"))
    for member_id, day in leavers.items():
        session.execute(update(Member).where(Member.id == member_id).values(
            status="keluar", left_on=day, left_reason=rng.choice(LEAVE_REASONS)))
    plan.counts["leavers"] = len(leavers)


def _raise_wajib(session: Session, plan: DemoPlan) -> savings_wajib.WajibSchedule:
    """The meeting of March decided Rp5.000 more a month from April: the latest such April."""
    year = plan.today.year if plan.today >= date(plan.today.year, 4, 1) else plan.today.year - 1
    base = savings_wajib.wajib_schedule(session).base
    return savings_wajib.set_wajib_amount(session, base + 5_000, from_month=date(year, 4, 1),
                                          note=f"Keputusan RAT {year}")


def _members(session: Session, plan: DemoPlan) -> list[_Member]:
    stays: dict[int, list[tuple[str, date, date | None]]] = defaultdict(list)
    for p in session.execute(select(Placement.member_id, Placement.country,
                                    Placement.departure_date, Placement.return_date)
                             .where(Placement.departure_date.is_not(None))):
        stays[p.member_id].append((p.country, p.departure_date, p.return_date))
    rows = session.execute(select(Member.id, Member.member_no, Member.name, Member.joined_on)
                           .where(Member.id.in_(plan.member_ids)).order_by(Member.id))
    return [_Member(r.id, r.member_no, r.name, r.joined_on or date(plan.first_year, 1, 2),
                    tuple(stays.get(r.id, ()))) for r in rows]


@dataclass
class _Story:
    """Writes one member's savings history into the ledger being built."""

    rng: random.Random
    plan: DemoPlan
    book: _Ledger
    cutoff: date  # from here on: one entry and one receipt per payment
    pokok: int
    wajib: savings_wajib.WajibSchedule
    _monthly: dict[date, int] = field(default_factory=dict)

    def wajib_of(self, month: date) -> int:
        """The wajib of a month (cached: the loop below asks a million times)."""
        amount = self._monthly.get(month)
        if amount is None:
            amount = self._monthly[month] = self.wajib.amount_for(month.year, month.month)
        return amount

    def member(self, m: _Member, leaves: date | None) -> None:
        rng = self.rng
        end = leaves or self.plan.today
        self.single(m, m.joined, "pokok", self.pokok)
        habit = rng.choices(("steady", "irregular", "lapsing"), (62, 28, 10))[0]
        owed: list[int] = []  # the wajib of each month not paid yet, oldest first
        pause, paid_wajib, sukarela = 0, 0, 0
        month = date(m.joined.year, m.joined.month, 1)
        while month <= end:
            day = max(month.replace(day=10), m.joined)
            owed.append(self.wajib_of(month))
            if pause:
                pause -= 1
            elif habit == "lapsing" and rng.random() < 0.03:
                pause = rng.randint(4, 18)
            elif rng.random() < (0.96 if habit == "steady" else 0.72) and day <= end:
                months = len(owed) if len(owed) <= 3 or rng.random() < 0.5 else rng.randint(1, 3)
                amount = sum(owed[:months])  # the oldest months, each at its own amount
                self.single(m, day, "wajib", amount)
                del owed[:months]
                paid_wajib += amount
            sukarela = self.sukarela(m, month, end, sukarela)
            month = _next_month(month)
        if leaves is not None:
            self.settle(m, leaves, {"pokok": self.pokok, "wajib": paid_wajib,
                                    "sukarela": sukarela})

    def single(self, m: _Member, day: date, kind: str, amount: int,
               remittance: dict[str, object] | None = None, *, out: bool = False) -> None:
        if day < self.cutoff and remittance is None:
            self.book.recap[(date(day.year, day.month, 1), kind, out)].append((m.id, amount))
            return
        role = f"savings.{kind}"
        lines = ((debit(role, amount, member_id=m.id), credit("cash", amount)) if out else
                 (debit("cash", amount), credit(role, amount, member_id=m.id)))
        what = f"{'Penarikan' if out else 'Setoran'} simpanan {kind}"
        receipt = None
        if day >= self.cutoff:
            receipt = ReceiptRequest(
                entry_id=0, date=day, total=amount, direction="out" if out else "in",
                kind=f"savings.{kind}.{'withdraw' if out else 'deposit'}", title=what,
                party=m.party, member_id=m.id, note=_remittance_note(remittance, amount))
        self.book.add(NewEntry(day, f"{what}: {m.name} ({m.no})"[:255], lines,
                               source="savings", source_ref=m.no), receipt, remittance)

    def sukarela(self, m: _Member, month: date, end: date, balance: int) -> int:
        rng = self.rng
        day = month + timedelta(days=rng.randint(0, 27))
        if day > end or day < m.joined:
            return balance
        country = m.abroad_in(day)
        if rng.random() < (0.35 if country else 0.1):
            remittance = None
            if country in CURRENCY and rng.random() < 0.7:
                amount, remittance = self.remittance(country, day)
            else:
                amount = rng.choice((25_000, 50_000, 100_000, 200_000, 250_000, 500_000,
                                     1_000_000))
            self.single(m, day, "sukarela", amount, remittance)
            return balance + amount
        if balance >= 100_000 and rng.random() < 0.05:
            amount = max(rng.randint(1, balance // 10_000) * 10_000, 10_000)
            self.single(m, day, "sukarela", amount, out=True)
            return balance - amount
        return balance

    def remittance(self, country: str, day: date) -> tuple[int, dict[str, object]]:
        from babel.numbers import get_currency_precision

        currency, base, (low, high, step) = CURRENCY[country]
        drift = Decimal(1) + Decimal("0.03") * (day.year - self.plan.first_year)
        rate = (base * drift * Decimal(self.rng.randint(980, 1020)) / 1000).quantize(
            Decimal("0.01"))
        foreign = Decimal(self.rng.randrange(low, high + 1, step))
        minor = int(foreign.scaleb(get_currency_precision(currency)))
        return round_half_up(foreign * rate), {
            "currency": currency, "foreign_minor": minor, "rate": str(rate),
            "channel": self.rng.choice(CHANNELS)}

    def settle(self, m: _Member, day: date, saved: dict[str, int]) -> None:
        """Pay back everything the member saved (the settlement, with no loan owed)."""
        parts = [(kind, amount) for kind, amount in saved.items() if amount > 0]
        payout = sum(a for _k, a in parts)
        if not payout:
            return
        lines: list[Line] = [debit(f"savings.{kind}", a, member_id=m.id) for kind, a in parts]
        lines.append(credit("cash", payout))
        receipt = ReceiptRequest(
            entry_id=0, date=day, total=payout, direction="out", kind="savings.settlement",
            title="Pengembalian simpanan karena keluar dari koperasi", party=m.party,
            member_id=m.id,
            lines=tuple(ReceiptLine(f"Simpanan {kind}", a) for kind, a in parts))
        self.book.add(NewEntry(day, f"Penyelesaian simpanan anggota keluar: {m.name} "
                                    f"({m.no})"[:255], tuple(lines), source="savings",
                               source_ref=m.no),
                      receipt if day >= self.cutoff else None)


def _remittance_note(remittance: dict[str, object] | None, amount: int) -> str | None:
    if remittance is None:
        return None
    from babel.numbers import get_currency_precision

    currency = str(remittance["currency"])
    minor = int(str(remittance["foreign_minor"]))
    foreign = Decimal(minor).scaleb(-get_currency_precision(currency))
    return Remittance(currency, foreign, Decimal(str(remittance["rate"])),
                      str(remittance["channel"])).describe(amount)


def _next_month(day: date) -> date:
    """The first of the next month (plain arithmetic: this loop runs a million times)."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _recap_entry(month: date, kind: str, out: bool, payments: list[tuple[int, int]]
                 ) -> NewEntry:
    day = month + relativedelta(months=1, days=-1)
    total = sum(a for _m, a in payments)
    role = f"savings.{kind}"
    if out:
        lines = [debit(role, a, member_id=mid) for mid, a in payments]
        lines.append(credit("cash", total))
    else:
        lines = [debit("cash", total)]
        lines += [credit(role, a, member_id=mid) for mid, a in payments]
    what = "penarikan" if out else "setoran"
    return NewEntry(day, f"Rekap {what} simpanan {kind} {month:%m/%Y} (dari buku kas)",
                    tuple(lines), source="savings", source_ref=f"REKAP-{month:%Y-%m}")


def _post(session: Session, plan: DemoPlan, book: _Ledger) -> None:
    order = sorted(range(len(book.entries)), key=lambda i: book.entries[i].date)
    dated = [i for i in order if book.entries[i].date <= plan.today]
    ids = journal.post_entries(session, [book.entries[i] for i in dated])
    entry_id = dict(zip(dated, ids, strict=True))
    requests = [
        ReceiptRequest(**{**vars(book.receipts[i]), "entry_id": entry_id[i]})
        for i in dated if i in book.receipts
    ]
    receipts.issue_receipts(session, requests)
    now = utcnow()
    rows = [{**book.remittances[i], "entry_id": entry_id[i], "created_at": now,
             "member_id": _member_of(book.entries[i])}
            for i in dated if i in book.remittances]
    if rows:
        session.execute(insert(RemittanceRecord), rows)
    plan.counts["entries"] = plan.counts.get("entries", 0) + len(ids)
    plan.counts["receipts"] = len(requests)
    plan.counts["remittances"] = len(rows)


def _member_of(entry: NewEntry) -> int:
    return next(line.member_id for line in entry.lines if line.member_id is not None)

"""Demo step: years of loans — a mix of products, prompt and late payers, a few who stopped
paying and were written off (some paying a little back later), a few rescheduled, and the
allowance adjusted at every year end.

Repayments are simulated with the loans' own engine (`position`), so every split, denda and
settled instalment is exactly what the app would have recorded; they are written in bulk
(`journal.post_entries`, `receipts.issue_receipts`, plain inserts). Like the savings step, only
the last twelve months carry kuitansi. Rare events (write-offs, recoveries, reschedules,
allowance entries) go through the services themselves. Deterministic by seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from coopdesk.access import actor_of
from coopdesk.db import utcnow
from coopdesk.demo import DemoPlan
from coopdesk.ledger import journal, receipts
from coopdesk.ledger.journal import NewEntry, credit, debit
from coopdesk.ledger.loans import products, quality, restructure
from coopdesk.ledger.loans.models import Loan, LoanAllocation, LoanEvent, LoanInstalment
from coopdesk.ledger.loans.position import (
    Allocation,
    InstalmentState,
    Paid,
    Split,
    allocate,
    instalment_state,
    payable_now,
    payoff_split,
)
from coopdesk.ledger.loans.products import Terms
from coopdesk.ledger.loans.schedule import (
    Frequency,
    Method,
    Schedule,
    add_months,
    build_schedule,
)
from coopdesk.ledger.receipts import ReceiptLine, ReceiptRequest
from coopdesk.members.models import Member
from coopdesk.money import percent_of
from coopdesk.numbering import take_numbers

D = Decimal
#: name → (terms, terms offered (instalments), amounts (from, to, step), purposes, weight)
PRODUCTS: dict[str, tuple[Terms, tuple[int, ...], tuple[int, int, int], tuple[str, ...], int]] = {
    "Modal Usaha": (
        Terms(Method.FLAT, D("1.5"), fee_rate=D(1), penalty_rate=D("0.1"), grace_days=3),
        (6, 10, 12, 18, 24), (2_000_000, 15_000_000, 500_000),
        ("Modal warung sembako", "Tambah modal jualan gorengan", "Usaha jahit", "Ternak kambing",
         "Modal dagang pakaian", "Usaha keripik singkong"), 40),
    "Purna Migran Produktif": (
        Terms(Method.DECLINING, D("1.25"), fee_rate=D(1), penalty_rate=D("0.05"), grace_days=5),
        (12, 18, 24, 36), (5_000_000, 30_000_000, 1_000_000),
        ("Usaha warung makan", "Bengkel motor", "Budidaya lele", "Toko kelontong"), 18),
    "Pendidikan dan Kesehatan": (
        Terms(Method.FLAT, D(1), penalty_mode="fixed", penalty_fixed=10_000, grace_days=7,
              payoff_rule="due"),
        (3, 6, 10, 12), (1_000_000, 5_000_000, 250_000),
        ("Biaya sekolah anak", "Biaya masuk SMK", "Biaya berobat", "Kuliah anak"), 20),
    "Anuitas Usaha": (
        Terms(Method.ANNUITY, D("1.5"), fee_rate=D(2), fee_mode="cash", penalty_mode="fixed",
              penalty_fixed=25_000, grace_days=5),
        (12, 24, 36), (10_000_000, 50_000_000, 5_000_000),
        ("Beli mesin giling", "Renovasi kios", "Beli motor untuk usaha"), 7),
    "Mingguan Pasar": (
        Terms(Method.FLAT, D(2), Frequency.WEEKLY, fee_rate=D(1), penalty_rate=D("0.1"),
              grace_days=1),
        (10, 15, 20, 25), (500_000, 3_000_000, 250_000),
        ("Dagangan pasar pagi", "Modal sayur keliling"), 15),
}
HABITS = (("prompt", 60), ("loose", 24), ("struggling", 10), ("defaulter", 6))
WRITE_OFF_REASONS = ("Tidak membayar lebih dari setahun, usaha tutup",
                     "Pindah tanpa kabar", "Meninggal dunia, ahli waris tidak sanggup")


@dataclass
class _Loan:
    """One loan as the simulation builds it."""

    member_id: int
    product: str
    product_id: int
    terms: Terms
    schedule: Schedule
    applied: date
    purpose: str
    collateral_value: int
    habit: str
    paid: dict[int, list[Paid]] = field(default_factory=lambda: defaultdict(list))
    settled: dict[int, date] = field(default_factory=dict)
    payments: list[tuple[date, Split, str, int]] = field(default_factory=list)  # kind, waived
    closed: date | None = None
    stopped: date | None = None  # a defaulter's last payment

    @property
    def principal(self) -> int:
        return self.schedule.principal

    @property
    def disbursed(self) -> date:
        return self.schedule.start

    def principal_paid(self) -> int:
        return sum(p.principal for ps in self.paid.values() for p in ps)


def run(session: Session, plan: DemoPlan) -> None:
    build(session, plan)


def build(session: Session, plan: DemoPlan, *, share: float = 0.45,
          rare_events: bool = True) -> int:
    """Loans for `share` of the members; returns how many. (The benchmarks borrow this with
    every member borrowing and no rare events.)"""
    rng = random.Random(plan.seed * 7_919 + 4)
    ids = _products(session)
    members = session.execute(select(Member.id, Member.joined_on).where(
        Member.id.in_(plan.member_ids), Member.status == "anggota").order_by(Member.id)).all()
    loans: list[_Loan] = []
    for m in members:
        if rng.random() < share:
            loans += _borrower(rng, plan, ids, m.id, m.joined_on or date(plan.first_year, 1, 2))
    loans.sort(key=lambda ln: (ln.applied, ln.member_id))
    _write(session, plan, loans)
    if rare_events:
        _rare_events(session, plan, rng)
    plan.counts["loans"] = len(loans)
    return len(loans)


def _products(session: Session) -> dict[str, int]:
    made = {}
    for name, (terms, offered, amounts, _purposes, _w) in PRODUCTS.items():
        p = products.add_product(session, name, terms, min_term=min(offered),
                                 max_term=max(offered), min_amount=amounts[0],
                                 max_amount=amounts[1])
        made[name] = p.id
    return made


def _borrower(rng: random.Random, plan: DemoPlan, ids: dict[str, int], member_id: int,
              joined: date) -> list[_Loan]:
    """One member's loans, one after the other, until today."""
    out = []
    habit = rng.choices([h for h, _w in HABITS], [w for _h, w in HABITS])[0]
    day = joined + timedelta(days=rng.randint(30, 400))
    names = list(PRODUCTS)
    while day < plan.today - timedelta(days=20):
        name = rng.choices(names, [PRODUCTS[n][4] for n in names])[0]
        terms, offered, (low, high, step), purposes, _w = PRODUCTS[name]
        principal = rng.randrange(low, high + 1, step)
        sched = build_schedule(principal, terms.rate, rng.choice(offered), terms.method, day,
                               frequency=terms.frequency)
        collateral = principal * rng.choice((0, 0, 1, 2)) if principal >= 10_000_000 else 0
        loan = _Loan(member_id, name, ids[name], terms, sched, day, rng.choice(purposes),
                     collateral, habit)
        _simulate(rng, plan.today, loan)
        out.append(loan)
        if loan.closed is None:
            break
        day = loan.closed + timedelta(days=rng.randint(20, 300))
        if habit == "defaulter" or rng.random() < 0.1:
            break
    return out


def _simulate(rng: random.Random, today: date, loan: _Loan) -> None:
    rows = loan.schedule.rows
    stop_after = rng.randint(1, max(len(rows) - 1, 1)) if loan.habit == "defaulter" else None
    payoff_at = (rng.randint(2, len(rows) - 1)
                 if loan.habit == "prompt" and len(rows) > 3 and rng.random() < 0.08 else None)
    last = loan.disbursed
    k = 0
    while loan.closed is None:
        k += 1
        due = add_months(rows[min(k, len(rows)) - 1].due_date, max(k - len(rows), 0))
        day = max(last + timedelta(days=1), due + timedelta(days=_lateness(rng, loan.habit)))
        if day > today or (stop_after is not None and k > stop_after):
            loan.stopped = last if stop_after is not None and k > stop_after else None
            return
        if loan.habit == "struggling" and rng.random() < 0.3:
            continue
        if payoff_at is not None and k == payoff_at:
            states = _states(loan, day, everything=True)
            split, waived = payoff_split(states, day, loan.terms.payoff_rule)
            _apply(loan, day, split, states, kind="payoff", waived=waived, settle_all=True)
            return
        states = payable_now(_states(loan, day), day)
        due_now = sum(s.total_due for s in states)
        amount = due_now
        if loan.habit == "struggling":  # half or more of what is due, in round ten thousands
            amount = max(10_000, due_now * rng.randint(50, 100) // 100 // 10_000 * 10_000)
        split = allocate(states, min(amount, due_now), loan.terms.allocation_order,
                         loan.terms.allocation_mode)
        _apply(loan, day, split, states, kind="repayment", waived=0)
        last = day


def _lateness(rng: random.Random, habit: str) -> int:
    if habit == "prompt":
        return rng.randint(-6, 2)
    if habit == "loose":
        return rng.choice((0, 2, 5, 9, 14, 25, 40))
    return rng.randint(0, 60)


def _states(loan: _Loan, day: date, *, everything: bool = False) -> list[InstalmentState]:
    """The open instalments on `day`: all of them, or those due by then and the next one."""
    out = []
    for r in loan.schedule.rows:
        if r.no in loan.settled:
            continue
        out.append(instalment_state(r.no, r.no, r.due_date, r.principal, r.interest,
                                    paid=loan.paid[r.no], as_of=day, terms=loan.terms))
        if not everything and r.due_date >= day:
            break  # the current instalment: nothing later can be paid by a repayment
    return out


def _apply(loan: _Loan, day: date, split: Split, states: list[InstalmentState], *, kind: str,
           waived: int, settle_all: bool = False) -> None:
    if not split.allocations:
        return
    paid = {a.no: a.total for a in split.allocations}
    for a in split.allocations:
        loan.paid[a.no].append(Paid(day, a.principal, a.interest, a.penalty))
    for s in states:
        if settle_all or s.total_due == paid.get(s.no, 0):
            loan.settled[s.no] = day
    loan.payments.append((day, split, kind, waived))
    if len(loan.settled) == len(loan.schedule.rows):
        loan.closed = day


# --- writing it all down ---------------------------------------------------------------------


_INSTALMENT = cast(Table, LoanInstalment.__table__)
_EVENT = cast(Table, LoanEvent.__table__)


def _write(session: Session, plan: DemoPlan, loans: list[_Loan]) -> None:
    if not loans:
        return
    names = dict(session.execute(select(Member.id, Member.name)).all())
    nos = dict(session.execute(select(Member.id, Member.member_no)).all())
    loan_ids = _insert_loans(session, loans)
    inst_ids = _insert_instalments(session, loans, loan_ids)
    entries, meta = _entries(loans, names, nos)
    entry_ids = journal.post_entries(session, entries)
    cutoff = plan.today - relativedelta(months=12)
    receipt_no = _receipts(session, entry_ids, meta, cutoff)
    who, now = actor_of(session).username, utcnow()
    events: list[dict[str, Any]] = []
    allocation_keys: list[tuple[int, tuple[Allocation, ...], date]] = []
    for (i, kind, day, split, fee, waived), entry_id in zip(meta, entry_ids, strict=True):
        loan = loans[i]
        base = {"loan_id": loan_ids[i], "date": day, "entry_id": entry_id, "note": "",
                "created_by": who, "created_at": now, "to_savings": 0, "waived": waived,
                "receipt_no": receipt_no.get(entry_id), "fee": fee}
        if kind == "disbursed":
            events += [dict(base, kind="applied", entry_id=None, amount=0, principal=loan.principal,
                            interest=0, penalty=0, fee=0, receipt_no=None, note=loan.purpose),
                       dict(base, kind="approved", entry_id=None, amount=0, principal=0,
                            interest=0, penalty=0, fee=0, receipt_no=None)]
            events.append(dict(base, kind=kind, amount=loan.principal - fee,
                               principal=loan.principal, interest=0, penalty=0))
            continue
        assert split is not None
        events.append(dict(base, kind=kind, amount=split.amount - split.unallocated,
                           principal=split.principal, interest=split.interest,
                           penalty=split.penalty))
        allocation_keys.append((len(events) - 1, split.allocations, day))
    conn = session.connection()
    conn.execute(insert(_EVENT), events)
    # Money events are found again by their entry (one each): cheaper than RETURNING in bulk.
    event_of = dict(conn.execute(select(_EVENT.c.entry_id, _EVENT.c.id).where(
        _EVENT.c.loan_id >= min(loan_ids), _EVENT.c.entry_id.is_not(None))).all())
    rows = [{"event_id": event_of[events[pos]["entry_id"]], "loan_id": events[pos]["loan_id"],
             "instalment_id": inst_ids[(events[pos]["loan_id"], a.no)], "date": day,
             "principal": a.principal, "interest": a.interest, "penalty": a.penalty}
            for pos, allocations, day in allocation_keys for a in allocations]
    if rows:
        conn.execute(insert(LoanAllocation), rows)


def _insert_loans(session: Session, loans: list[_Loan]) -> list[int]:
    by_year: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(loans):
        by_year[ln.applied.year].append(i)
    numbers = [""] * len(loans)
    for year, positions in by_year.items():
        first = take_numbers(session, "PJ", year, len(positions))
        for k, i in enumerate(positions):
            numbers[i] = f"PJ/{year}/{first + k:04d}"
    who = actor_of(session).username
    rows = [{
        "loan_no": numbers[i], "member_id": ln.member_id, "product_id": ln.product_id,
        "principal": ln.principal, "term": len(ln.schedule.rows), "start_date": ln.applied,
        "purpose": ln.purpose, "collateral": "BPKB motor" if ln.collateral_value else "",
        "collateral_value": ln.collateral_value,
        "status": "closed" if ln.closed else "active", "applied_on": ln.applied,
        "applied_by": who, "approved_on": ln.applied, "approved_by": who,
        "disbursed_on": ln.disbursed, "closed_on": ln.closed, "written_off_amount": 0,
        "recovered": 0, "principal_paid": ln.principal_paid(), "schedule_version": 1,
        "created_at": utcnow(), **ln.terms.columns()}
        for i, ln in enumerate(loans)]
    conn = session.connection()
    conn.execute(insert(Loan), rows)
    ids = dict(conn.execute(select(Loan.loan_no, Loan.id)).all())
    return [ids[n] for n in numbers]


def _insert_instalments(session: Session, loans: list[_Loan],
                        loan_ids: list[int]) -> dict[tuple[int, int], int]:
    keys = [(loan_ids[i], r.no) for i, ln in enumerate(loans) for r in ln.schedule.rows]
    rows = [{"loan_id": loan_ids[i], "version": 1, "no": r.no, "due_date": r.due_date,
             "principal": r.principal, "interest": r.interest, "carried_penalty": 0,
             "valid_from": ln.disbursed, "superseded_on": None,
             "settled_on": ln.settled.get(r.no)}
            for i, ln in enumerate(loans) for r in ln.schedule.rows]
    conn = session.connection()
    conn.execute(insert(_INSTALMENT), rows)
    first = min(loan_ids) if loan_ids else 0
    found = {(r.loan_id, r.no): r.id for r in conn.execute(
        select(_INSTALMENT.c.id, _INSTALMENT.c.loan_id, _INSTALMENT.c.no)
        .where(_INSTALMENT.c.loan_id >= first))}
    return {k: found[k] for k in keys}


Meta = tuple[int, str, date, Split | None, int, int]  # loan index, kind, day, split, fee, waived


def _entries(loans: list[_Loan], names: dict[int, str], nos: dict[int, str]
             ) -> tuple[list[NewEntry], list[Meta]]:
    dated: list[tuple[date, int, NewEntry, Meta]] = []
    for i, ln in enumerate(loans):
        m = ln.member_id
        who = f"{names[m]} ({nos[m]})"
        fee = percent_of(ln.principal, ln.terms.fee_rate)
        lines = [debit("loans.receivable", ln.principal, member_id=m)]
        if fee and ln.terms.fee_mode == "cash":
            lines += [credit("cash", ln.principal), debit("cash", fee),
                      credit("income.loan_fees", fee, member_id=m)]
        elif fee:
            lines += [credit("cash", ln.principal - fee),
                      credit("income.loan_fees", fee, member_id=m)]
        else:
            lines.append(credit("cash", ln.principal))
        dated.append((ln.disbursed, 0, NewEntry(ln.disbursed, f"Pencairan pinjaman {ln.product}"
                                                f" kepada {who}", tuple(lines), "loan"),
                      (i, "disbursed", ln.disbursed, None, fee, 0)))
        for day, split, kind, waived in ln.payments:
            lines = [debit("cash", split.amount - split.unallocated)]
            for role, value in (("income.penalty", split.penalty),
                                ("income.loan_interest", split.interest),
                                ("loans.receivable", split.principal)):
                if value:
                    lines.append(credit(role, value, member_id=m))
            memo = ("Pelunasan pinjaman" if kind == "payoff" else "Angsuran pinjaman")
            dated.append((day, 1, NewEntry(day, f"{memo} {ln.product} dari {who}", tuple(lines),
                                           "loan"), (i, kind, day, split, 0, waived)))
    dated.sort(key=lambda d: (d[0], d[1]))
    return [d[2] for d in dated], [d[3] for d in dated]


def _receipts(session: Session, entry_ids: list[int], meta: list[Meta],
              cutoff: date) -> dict[int, str]:
    requests = []
    for (_i, kind, day, split, _fee, _w), entry_id in zip(meta, entry_ids, strict=True):
        if day < cutoff or kind == "disbursed":
            continue  # payouts keep their signed agreement; the receipts are for money in
        assert split is not None
        lines = tuple(ReceiptLine(label, value) for label, value in (
            ("Denda", split.penalty), ("Jasa pinjaman", split.interest),
            ("Pokok pinjaman", split.principal)) if value)
        total = split.amount - split.unallocated
        requests.append(ReceiptRequest(entry_id, day, total, "in", f"loan.{kind}",
                                       "Angsuran pinjaman", "-", None, lines))
    if not requests:
        return {}
    ids = receipts.issue_receipts(session, _with_parties(session, requests))
    from coopdesk.ledger.receipts_models import ReceiptRecord

    found = dict(session.execute(select(ReceiptRecord.entry_id, ReceiptRecord.number)
                                 .where(ReceiptRecord.id.in_(ids))).all())
    return {int(k): str(v) for k, v in found.items()}


def _with_parties(session: Session, requests: list[ReceiptRequest]) -> list[ReceiptRequest]:
    """Name the member on each receipt (found from the receivable line of its entry)."""
    from coopdesk.ledger.models import Posting

    by_entry = dict(session.execute(
        select(Posting.entry_id, Posting.member_id)
        .where(Posting.entry_id.in_([r.entry_id for r in requests]),
               Posting.member_id.is_not(None))).all())
    people = dict(session.execute(select(Member.id, Member.name + " (" + Member.member_no + ")")
                                  ).all())
    out = []
    for r in requests:
        member_id = by_entry.get(r.entry_id)
        party = people.get(member_id, "-") if member_id is not None else "-"
        out.append(ReceiptRequest(r.entry_id, r.date, r.total, r.direction, r.kind, r.title,
                                  party, member_id, r.lines))
    return out


# --- the rare events, through the services ------------------------------------------------------


def _rare_events(session: Session, plan: DemoPlan, rng: random.Random) -> None:
    """Write-offs of long-stopped loans, year-end allowance entries (in date order, since a
    write-off uses the allowance there is on its day), some recoveries, a few reschedules."""
    actions: list[tuple[date, int, int | None]] = []  # day, order, loan id
    last_paid = dict(session.execute(
        select(LoanEvent.loan_id, func.max(LoanEvent.date)).group_by(LoanEvent.loan_id)).all())
    for row in quality.arrears(session, plan.today):
        # About half the long-lost loans are written off; the rest stay macet in the books.
        if row.days_past_due > 400 and rng.random() < 0.5:
            when = max((row.oldest_due or plan.today) + timedelta(days=rng.randint(380, 420)),
                       last_paid[row.loan_id] + timedelta(days=30))
            if when < plan.today:
                actions.append((when, 1, row.loan_id))
    for year in range(plan.first_year, plan.today.year):
        actions.append((date(year, 12, 31), 0, None))
    written: list[tuple[int, date]] = []
    for day, _order, target in sorted(actions):
        if target is None:
            quality.adjust_allowance(session, day)
            continue
        restructure.write_off(session, target, reason=rng.choice(WRITE_OFF_REASONS), on=day)
        written.append((target, day))
    for loan_id, day in written:
        if rng.random() < 0.3 and day + timedelta(days=120) < plan.today:
            amount = rng.choice((250_000, 500_000, 1_000_000))
            left = session.scalar(select(Loan.written_off_amount).where(Loan.id == loan_id)) or 0
            restructure.recover(session, loan_id, min(amount, left),
                                on=day + timedelta(days=rng.randint(60, 110)))
    _reschedule_a_few(session, plan, rng)
    plan.counts["written_off"] = len(written)


def _reschedule_a_few(session: Session, plan: DemoPlan, rng: random.Random) -> None:
    on = plan.today - timedelta(days=10)
    late = [r for r in quality.arrears(session, on)
            if 60 <= r.days_past_due <= 200 and r.principal_outstanding >= 1_000_000]
    for row in rng.sample(late, min(len(late), max(1, len(late) // 8))):
        last = session.scalar(select(LoanEvent.date).where(LoanEvent.loan_id == row.loan_id)
                              .order_by(LoanEvent.date.desc()).limit(1))
        if last is not None and last > on:
            continue
        restructure.reschedule(session, row.loan_id, term=rng.choice((12, 18, 24)), on=on,
                               reason="Usaha sepi setelah musim hujan; disetujui rapat pengurus")

"""Money: whole rupiah as integers, and every rounding rule the books use, in one place.

The book's minor unit is the rupiah itself: sen have not circulated for decades, Babel gives IDR
no decimals, and every rule the cooperative applies (loan jasa, fees, SHU shares) rounds to the
rupiah. Amounts are `int` in code and in storage (see `coopdesk.db.Money`); fractions appear only
as `Decimal` or `Fraction` on the way to one of the rounding rules below, never as float.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from coopdesk.errors import UserError
from coopdesk.i18n import _, language

Rupiah = int

#: The largest amount a single posting may carry: a trillion rupiah is far beyond any village
#: cooperative; the limit catches typing slips (an extra zero or three) before they are posted.
MAX_AMOUNT = 10**15

Exact = int | Decimal | Fraction


def _as_fraction(value: Exact) -> Fraction:
    if isinstance(value, float):  # a float here is a bug upstream: refuse it loudly
        raise TypeError("money arithmetic does not accept float")
    return Fraction(value)


def round_half_up(value: Exact) -> int:
    """Round to the nearest rupiah, halves away from zero (Rp0,5 → Rp1, −Rp0,5 → −Rp1)."""
    f = _as_fraction(value)
    sign = -1 if f < 0 else 1
    f = abs(f)
    whole, rest = divmod(f.numerator, f.denominator)
    if 2 * rest >= f.denominator:
        whole += 1
    return sign * whole


def round_ratio_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-up (halves away from zero), in integers only.

    The same result as `round_half_up(Fraction(numerator, denominator))` at a tenth of the cost,
    for loops that round hundreds of times (the jasa of a 360-instalment loan schedule).
    """
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    return -whole if numerator < 0 else whole


def percent_of(amount: int, rate_percent: Exact) -> int:
    """`rate_percent` % of `amount`, rounded half-up.

    percent_of(1_000_000, Decimal("1.5")) == 15_000
    """
    return round_half_up(Fraction(amount) * _as_fraction(rate_percent) / 100)


def split_last_absorbs(total: int, parts: int) -> list[int]:
    """Split `total` into `parts` equal whole amounts; the last part absorbs the remainder.

    Each part but the last is total/parts rounded half-up, so a 1.000.000 loan over 3 instalments
    is 333.333 + 333.333 + 333.334.
    """
    if parts <= 0:
        raise ValueError("parts must be positive")
    each = round_half_up(Fraction(total, parts))
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def largest_remainder(total: int, weights: Sequence[Exact]) -> list[int]:
    """Share `total` rupiah in proportion to `weights` so the shares add up to `total` exactly.

    Each share starts at its exact value rounded down; the rupiah left over go one each to the
    largest remainders (ties to the earlier weight, so the result is deterministic). All weights
    zero gives all shares zero and leaves the total unshared only when the total is zero.
    """
    if total < 0:
        return [-s for s in largest_remainder(-total, weights)]
    if all(type(w) is int for w in weights):
        return _largest_remainder_ints(total, weights)  # type: ignore[arg-type]
    fr = [_as_fraction(w) for w in weights]
    if any(w < 0 for w in fr):
        raise ValueError("weights must not be negative")
    weight_sum = sum(fr, Fraction(0))
    if weight_sum == 0:
        if total:
            raise ValueError("cannot share a non-zero total over zero weights")
        return [0] * len(fr)
    exact = [total * w / weight_sum for w in fr]
    shares = [int(e) for e in exact]  # int() floors for non-negative values
    left = total - sum(shares)
    order = sorted(range(len(fr)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def _largest_remainder_ints(total: int, weights: Sequence[int]) -> list[int]:
    """`largest_remainder` for whole-number weights in integers only: the same shares, without
    building a Fraction per weight (the SHU of thousands of members)."""
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total:
            raise ValueError("cannot share a non-zero total over zero weights")
        return [0] * len(weights)
    split = [divmod(total * w, weight_sum) for w in weights]
    shares = [q for q, _r in split]
    left = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-split[i][1], i))
    for i in order[:left]:
        shares[i] += 1
    return shares


_SEPARATORS = {"id": (".", ","), "en": (",", ".")}
_PLAIN = re.compile(r"[+-]?\d+")


class AmountError(UserError):
    """An amount the user typed that is not a whole number of rupiah."""


def parse_amount(text: str, *, allow_negative: bool = False, allow_zero: bool = False) -> int:
    """Read an amount typed by a user: `1500000`, `1.500.000` or `Rp 1.500.000,00` (id locale).

    Plain digits always work (the command line's form). Grouping and decimal separators follow the
    current language; a fraction of a rupiah other than zeros is refused, never rounded silently.
    """
    raw = text.strip()
    cleaned = raw.replace("Rp", "").replace("rp", "").replace("RP", "").replace(" ", "")
    cleaned = cleaned.replace("\u00a0", "")
    if not cleaned:
        raise AmountError(_("Enter an amount."))
    if _PLAIN.fullmatch(cleaned):
        value = int(cleaned)
    else:
        group, decimal = _SEPARATORS.get(language(), (".", ","))
        sign = ""
        if cleaned[0] in "+-":
            sign, cleaned = cleaned[0], cleaned[1:]
        whole, _sep, frac = cleaned.partition(decimal)
        grouped = r"\d{1,3}(" + re.escape(group) + r"\d{3})*|\d+"
        if not re.fullmatch(grouped, whole) or not re.fullmatch(r"\d*", frac):
            raise AmountError(_("“{text}” is not an amount of money.").format(text=raw))
        if frac.strip("0"):
            raise AmountError(
                _("“{text}” has a fraction of a rupiah; amounts are whole rupiah.").format(text=raw)
            )
        value = int(sign + whole.replace(group, ""))
    if value < 0 and not allow_negative:
        raise AmountError(_("The amount must not be negative."))
    if value == 0 and not allow_zero:
        raise AmountError(_("The amount must be more than zero."))
    if abs(value) >= MAX_AMOUNT:
        raise AmountError(_("“{text}” is too large for an amount.").format(text=raw))
    return value


def parse_rate(text: str) -> Decimal:
    """A percentage typed by a user (`1.5`, `1,5`, `1,5%`) as an exact Decimal."""
    cleaned = text.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(_("“{text}” is not a percentage.").format(text=text)) from None
    if not value.is_finite():
        raise UserError(_("“{text}” is not a percentage.").format(text=text))
    return value


def decimal_to_fixed(value: Decimal, places: int) -> Decimal:
    """Quantize a Decimal half-up to `places` decimals (rates, ratios shown to people)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

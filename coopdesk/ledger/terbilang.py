"""Terbilang: an amount of rupiah written out in Indonesian words, as receipts require.

A kuitansi states its amount twice, in figures and in words, so neither can be altered alone.
The words follow standard Indonesian (KBBI): "se-" for one of a unit below a million ("seratus",
"seribu", "sebelas"), "satu" above it ("satu juta"), and "miliar" (not the older "milyar"):

    >>> terbilang(1_001_000)
    'satu juta seribu'
    >>> rupiah_in_words(2_500_000_000)
    'dua miliar lima ratus juta rupiah'

`parse_terbilang` reads such words back; the tests use it to show that every amount up to 10^15
reads back to itself, so no two amounts share the same words.
"""

from __future__ import annotations

ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
#: Units of a thousand to the power 1, 2, 3, 4: ribu, juta, miliar, triliun.
SCALES = ("", "ribu", "juta", "miliar", "triliun")
LIMIT = 10**15  # a thousand triliun: beyond any amount the journal accepts (coopdesk.money)


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [ONES[hundreds], "ratus"]
    if rest == 0:
        return words
    if rest < 10:
        words.append(ONES[rest])
    elif rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif rest < 20:
        words += [ONES[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        words += [ONES[tens], "puluh"]
        if ones:
            words.append(ONES[ones])
    return words


def terbilang(amount: int) -> str:
    """The whole number `amount` (0 ≤ amount < 10^15) in Indonesian words, lower case."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("terbilang takes a whole number")
    if amount < 0:
        return "minus " + terbilang(-amount)
    if amount >= LIMIT:
        raise ValueError("amount too large to write out")
    if amount == 0:
        return "nol"
    groups: list[int] = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        if group == 0:
            continue
        if power == 1 and group == 1:
            words.append("seribu")  # only the thousand takes "se-"; "satu juta", "satu miliar"
            continue
        words += _below_thousand(group)
        if power:
            words.append(SCALES[power])
    return " ".join(words)


def rupiah_in_words(amount: int) -> str:
    """`terbilang(amount)` followed by "rupiah", as written on a receipt."""
    return f"{terbilang(amount)} rupiah"


_DIGITS = {word: value for value, word in enumerate(ONES) if value}


def _digit(words: list[str], i: int, low: int = 1) -> int:
    value = _DIGITS.get(words[i]) if i < len(words) else None
    if value is None or value < low:
        raise ValueError("malformed")
    return value


def _parse_group(words: list[str]) -> int:
    """Read the words of one number from 1 to 999, exactly as `_below_thousand` writes them."""
    i, total = 0, 0
    if words[:1] == ["seratus"]:
        i, total = 1, 100
    elif words[1:2] == ["ratus"]:
        i, total = 2, 100 * _digit(words, 0, low=2)
    rest = words[i:]
    if not rest:
        units = 0
    elif rest in (["sepuluh"], ["sebelas"]):
        units = 10 if rest[0] == "sepuluh" else 11
    elif len(rest) == 2 and rest[1] == "belas":
        units = 10 + _digit(rest, 0, low=2)
    elif len(rest) in (2, 3) and rest[1] == "puluh":
        units = 10 * _digit(rest, 0, low=2) + (_digit(rest, 2) if len(rest) == 3 else 0)
    elif len(rest) == 1:
        units = _digit(rest, 0)
    else:
        raise ValueError("malformed")
    if total + units == 0:
        raise ValueError("malformed")
    return total + units


def parse_terbilang(text: str) -> int:
    """The amount that `terbilang` wrote as `text` (with or without a final "rupiah").

    Strict: it accepts exactly what `terbilang` produces and raises ValueError otherwise, so the
    tests can show that the words of two different amounts never coincide.
    """
    words = text.split()
    if words[-1:] == ["rupiah"]:
        words = words[:-1]
    if words == ["nol"]:
        return 0
    if words[:1] == ["minus"]:
        return -parse_terbilang(" ".join(words[1:]))
    total, last_power = 0, len(SCALES)
    group: list[str] = []
    for word in [*words, None]:
        if word == "seribu":
            power, value = 1, 1
            if group:
                raise ValueError("malformed")
        elif word is None or word in SCALES[1:]:
            power = 0 if word is None else SCALES.index(word)
            if not group:
                if word is None and last_power < len(SCALES):
                    break  # the number ended on a scale word ("dua juta")
                raise ValueError("malformed")
            value = _parse_group(group)
            if power == 1 and value == 1:
                raise ValueError("malformed")  # one thousand is written "seribu"
        else:
            group.append(word)
            continue
        if power >= last_power:
            raise ValueError("malformed")
        total += value * 1000**power
        last_power, group = power, []
    if last_power == len(SCALES):
        raise ValueError("empty")
    return total

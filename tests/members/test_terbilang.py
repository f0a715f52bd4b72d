"""Terbilang: amounts in Indonesian words as receipts print them, and read back unambiguously."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdesk.ledger.terbilang import parse_terbilang, rupiah_in_words, terbilang

TABLE = [
    (0, "nol"),
    (1, "satu"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (100, "seratus"),
    (101, "seratus satu"),
    (111, "seratus sebelas"),
    (250, "dua ratus lima puluh"),
    (1_000, "seribu"),
    (1_001, "seribu satu"),
    (1_500, "seribu lima ratus"),
    (2_000, "dua ribu"),
    (11_000, "sebelas ribu"),
    (100_000, "seratus ribu"),
    (101_000, "seratus satu ribu"),
    (1_000_000, "satu juta"),
    (1_001_000, "satu juta seribu"),
    (1_200_000, "satu juta dua ratus ribu"),
    (5_000_000, "lima juta"),
    (1_000_000_000, "satu miliar"),
    (2_500_000_000, "dua miliar lima ratus juta"),
    (1_000_000_000_000, "satu triliun"),
    (1_000_001_000_000, "satu triliun satu juta"),
]


@pytest.mark.parametrize(("amount", "words"), TABLE)
def test_table(amount: int, words: str) -> None:
    assert terbilang(amount) == words
    assert parse_terbilang(words) == amount


def test_receipt_wording_adds_rupiah_and_spells_miliar() -> None:
    assert rupiah_in_words(1_001_000) == "satu juta seribu rupiah"
    assert "miliar" in rupiah_in_words(3_000_000_000)
    assert "milyar" not in rupiah_in_words(3_000_000_000)


@pytest.mark.parametrize("bad", [1.5, True, "12"])
def test_only_whole_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]


def test_too_large_is_refused() -> None:
    with pytest.raises(ValueError):
        terbilang(10**15)


@pytest.mark.parametrize("text", ["satu ribu", "satu ratus", "satu puluh", "sepuluh satu",
                                  "dua juta dua juta", "ribu", "dua puluh nol", "", "juta satu",
                                  "seribu dua juta", "sebelas belas"])
def test_parser_is_strict(text: str) -> None:
    with pytest.raises(ValueError):
        parse_terbilang(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_every_amount_to_a_trillion_reads_back(amount: int) -> None:
    words = rupiah_in_words(amount)
    assert parse_terbilang(words) == amount
    assert "  " not in words and words == words.strip()


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_words_read_back_over_the_whole_range(amount: int) -> None:
    assert parse_terbilang(terbilang(amount)) == amount


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**12))
def test_different_amounts_have_different_words(a: int, b: int) -> None:
    assert (terbilang(a) == terbilang(b)) == (a == b)

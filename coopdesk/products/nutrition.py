"""The Informasi Nilai Gizi (ING) of a product as a label prints it, %AKG included.

A group types what its laboratory or its recipe calculation gives per serving: the serving size,
the servings in a pack, energy, fat, protein, carbohydrate, sugar and sodium. The %AKG beside each
nutrient is worked out here from the reference amounts of the Acuan Label Gizi for the general
public (PerBPOM 9/2016: energy 2150 kkal, fat 67 g, protein 60 g, carbohydrate 325 g, sodium
1500 mg) *(verify)*: kept as a setting so a changed regulation needs no new program. Energy and
sugar carry no %AKG in BPOM's format. The words are the regulation's and are not translated.

The amounts are printed rounded as BPOM's guideline on the ING rounds them (the same steps as the
FDA's rounding rules, which it follows) *(verify against PerBPOM 22/2019)*: energy below 5 kkal is
0, up to 50 kkal to the nearest 5, above that to the nearest 10; fat below 0.5 g is 0, below 5 g
to the nearest 0.5 g, else to the gram; protein, carbohydrate and sugar below 0.5 g are 0, below
1 g "< 1 g", else to the gram; sodium below 5 mg is 0, up to 140 mg to the nearest 5, above that
to the nearest 10. A laboratory's 123.6 kkal prints as 120 kkal. %AKG is worked out from the
amount as given, before rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from coopdesk.errors import Problem
from coopdesk.i18n import _
from coopdesk.products.records import Nutrition, decimal_text
from coopdesk.products.terms import NUTRIENTS
from coopdesk.settings import SettingKey

TITLE = "INFORMASI NILAI GIZI"
SERVING = "Takaran saji"
SERVINGS = "Jumlah sajian per kemasan"
PER_SERVING = "JUMLAH PER SAJIAN"
AKG = "%AKG"
FOOTNOTE = ("*Persen AKG berdasarkan kebutuhan energi {energy} kkal. Kebutuhan energi Anda "
            "mungkin lebih tinggi atau lebih rendah.")
DEFAULT_REFERENCE: dict[str, int] = {"energy": 2150, "fat": 67, "protein": 60,
                                     "carbohydrate": 325, "sodium": 1500}
#: Acuan Label Gizi for the general public: what %AKG is a percentage of.
REFERENCE: SettingKey[dict[str, int]] = SettingKey("products.nutrition_reference", dict,
                                                   DEFAULT_REFERENCE)
MAX_SERVING_CHARS = 40
UNITS = {key: unit for key, _word, unit in NUTRIENTS}
#: The spreadsheet columns of the nutrition table (the import's names; problems name them too).
SERVING_COLUMN, SERVINGS_COLUMN = "nutrition_serving", "nutrition_servings_per_pack"
COLUMNS: dict[str, str] = {f"nutrition_{key}_{'kcal' if unit == 'kkal' else unit}": key
                           for key, _word, unit in NUTRIENTS}


@dataclass(frozen=True)
class FactRow:
    key: str
    words: str  # "Lemak total"
    amount: str  # "6 g"
    akg: str = ""  # "9%"; empty where BPOM's format has none


@dataclass(frozen=True)
class NutritionFacts:
    """Everything the ING prints, as text: laid out by `label_nutrition` at any size."""

    serving: str
    servings: str
    energy: FactRow | None
    rows: tuple[FactRow, ...]  # fat, protein, carbohydrate, sugar, sodium: those given
    energy_reference: int

    @property
    def footnote(self) -> str:
        return FOOTNOTE.format(energy=self.energy_reference)


def percent_akg(amount: Decimal, reference: int | Decimal) -> int:
    """The whole percentage of the daily reference, half up (6 g of 67 g fat → 9)."""
    return int((amount * 100 / Decimal(reference)).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass(frozen=True)
class Rounding:
    """How the ING prints one nutrient: 0 below `zero_below`, "< 1" below `less_than_one_below`
    (when set), `fine` steps up to `fine_until` (included when `until_included`), `coarse`
    steps above."""

    zero_below: Decimal
    fine: Decimal
    fine_until: Decimal | None = None
    until_included: bool = True
    coarse: Decimal | None = None
    less_than_one_below: Decimal | None = None

    def step(self, amount: Decimal) -> Decimal:
        if self.fine_until is None or self.coarse is None:
            return self.fine
        fine = amount <= self.fine_until if self.until_included else amount < self.fine_until
        return self.fine if fine else self.coarse


_GRAMS = Rounding(Decimal("0.5"), Decimal(1), less_than_one_below=Decimal(1))
ROUNDING: dict[str, Rounding] = {
    "energy": Rounding(Decimal(5), Decimal(5), Decimal(50), True, Decimal(10)),
    "fat": Rounding(Decimal("0.5"), Decimal("0.5"), Decimal(5), False, Decimal(1)),
    "protein": _GRAMS,
    "carbohydrate": _GRAMS,
    "sugar": _GRAMS,
    "sodium": Rounding(Decimal(5), Decimal(5), Decimal(140), True, Decimal(10)),
}
LESS_THAN_ONE = "< 1"


def rounded(key: str, amount: Decimal) -> str:
    """`amount` of nutrient `key` as the ING prints it (without the unit): see the module."""
    rule = ROUNDING[key]
    if amount < rule.zero_below:
        return "0"
    if rule.less_than_one_below is not None and amount < rule.less_than_one_below:
        return LESS_THAN_ONE
    step = rule.step(amount)
    return decimal_text((amount / step).quantize(Decimal(1), ROUND_HALF_UP) * step)


def facts(n: Nutrition, reference: Mapping[str, int] | None = None) -> NutritionFacts:
    """The printed ING of `n`, with %AKG from `reference` (the Acuan Label Gizi)."""
    ref = {**DEFAULT_REFERENCE, **(reference or {})}
    given = dict(n.values)
    rows = []
    energy = None
    for key, words, unit in NUTRIENTS:
        if key not in given:
            continue
        amount = f"{rounded(key, given[key])} {unit}"
        akg = (f"{percent_akg(given[key], ref[key])}%"
               if key in ref and key != "energy" and ref[key] else "")
        row = FactRow(key, words, amount, akg)
        if key == "energy":
            energy = row
        else:
            rows.append(row)
    servings = decimal_text(n.servings) if n.servings is not None else ""
    return NutritionFacts(n.serving, servings, energy, tuple(rows), int(ref["energy"]))


def check_nutrition(n: Nutrition) -> list[Problem]:
    """What is wrong with a nutrition table, in words a group can act on."""
    column_of = {key: column for column, key in COLUMNS.items()}
    problems = []
    for key, value in n.values:
        if key not in UNITS:
            problems.append(Problem(_("The nutrition value “{key}” is not right.")
                                    .format(key=key), column="nutrition"))
        elif value < 0:
            problems.append(Problem(_("A nutrition amount cannot be below zero."),
                                    column=column_of[key]))
    if n.values and not n.serving:
        problems.append(Problem(_("Give the serving size (takaran saji) the nutrition amounts "
                                  "are for, e.g. 25 g."), column=SERVING_COLUMN))
    if len(n.serving) > MAX_SERVING_CHARS:
        problems.append(Problem(_("The serving size is longer than {n} characters.")
                                .format(n=MAX_SERVING_CHARS), column=SERVING_COLUMN))
    if n.servings is not None and n.servings <= 0:
        problems.append(Problem(_("The servings per pack must be more than zero."),
                                column=SERVINGS_COLUMN))
    sugar, carbohydrate = n.amount("sugar"), n.amount("carbohydrate")
    if sugar is not None and carbohydrate is not None and sugar > carbohydrate:
        problems.append(Problem(_("Sugar is part of the carbohydrate: it cannot be more than the "
                                  "total carbohydrate."), column=column_of["sugar"]))
    return problems

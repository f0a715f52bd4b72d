"""The vocabulary of food labels: packaging codes, units, allergen groups, additive classes.

Each term has the Indonesian words printed on a label (fixed: a label is in Indonesian whatever
language the screen uses, Peraturan BPOM 31/2018) and an English source name for the screens,
translated like any other user-visible string. Items marked *(verify)* come from practice, not
from a confirmed text; they only label things, nothing is refused because of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coopdesk.i18n import N_

#: The first digit of a P-IRT number: the kind of packaging touching the food.
PACKAGING: dict[int, tuple[str, str]] = {
    1: (N_("glass"), "kaca"),
    2: (N_("plastic"), "plastik"),
    3: (N_("carton or paper"), "karton/kertas"),
    4: (N_("can"), "kaleng"),
    5: (N_("aluminium foil"), "aluminium foil"),
    6: (N_("other (e.g. leaves)"), "lainnya"),
    7: (N_("composite"), "komposit"),
    8: (N_("double packaging"), "kemasan ganda"),
}

#: Digits 2–3 of a P-IRT number: the food type (jenis pangan IRT) *(verify against PerBPOM
#: 4/2024; unknown codes are shown as their number)*.
FOOD_TYPES: dict[str, str] = {
    "01": "Hasil olahan daging kering",
    "02": "Hasil olahan ikan kering",
    "03": "Hasil olahan unggas kering",
    "04": "Hasil olahan sayur",
    "05": "Hasil olahan kelapa",
    "06": "Tepung dan hasil olahnya",
    "07": "Minyak dan lemak",
    "08": "Selai, jeli dan sejenisnya",
    "09": "Gula, kembang gula dan madu",
    "10": "Kopi, teh, coklat kering",
    "11": "Bumbu",
    "12": "Rempah-rempah",
    "13": "Minuman serbuk",
    "14": "Hasil olahan buah",
    "15": "Hasil olahan biji-bijian, kacang-kacangan dan umbi",
}

#: Net content units: solids are weighed ("Berat bersih"), liquids measured ("Isi bersih").
MASS_UNITS = {"g": 1, "kg": 1000}
VOLUME_UNITS = {"mL": 1, "L": 1000}
NET_UNITS = ("g", "kg", "mL", "L")


def net_content_words(unit: str) -> str:
    """The words a label puts before the net content for this unit."""
    return "Isi bersih" if unit in VOLUME_UNITS else "Berat bersih"


def canonical_unit(text: str) -> str | None:
    """`ML`, `ml`, `liter`, `gram` → the unit as printed (`mL`, `L`, `g`), None if unknown."""
    key = text.strip().lower().rstrip(".")
    return {
        "g": "g", "gr": "g", "gram": "g", "kg": "kg", "kilogram": "kg",
        "ml": "mL", "mililiter": "mL", "l": "L", "lt": "L", "liter": "L", "litre": "L",
    }.get(key)


@dataclass(frozen=True)
class AllergenGroup:
    code: str
    name: str  # English source name, translated on screens
    label: str  # as printed on the label (Indonesian)
    keywords: tuple[str, ...]  # ingredient words that contain this allergen


#: The allergen groups a label must declare (BPOM 31/2018, following Codex).
ALLERGENS: tuple[AllergenGroup, ...] = (
    AllergenGroup("gluten", N_("cereals containing gluten"), "gluten",
                  ("terigu", "gandum", "gluten", "barley", "jelai", "oat", "rye", "tepung roti",
                   "wheat")),
    AllergenGroup("egg", N_("egg"), "telur", ("telur", "egg", "kuning telur", "putih telur")),
    AllergenGroup("fish", N_("fish"), "ikan", ("ikan", "teri", "tuna", "bandeng", "lele",
                                               "fish")),
    AllergenGroup("crustacean", N_("crustaceans"), "krustasea",
                  ("udang", "rebon", "terasi", "kepiting", "rajungan", "lobster", "shrimp")),
    AllergenGroup("mollusc", N_("molluscs"), "moluska",
                  ("cumi", "sotong", "gurita", "kerang", "tiram", "squid")),
    AllergenGroup("peanut", N_("peanut"), "kacang tanah", ("kacang tanah", "peanut")),
    AllergenGroup("soy", N_("soy"), "kedelai", ("kedelai", "kecap", "tempe", "tahu", "tauco",
                                                "soy")),
    AllergenGroup("milk", N_("milk"), "susu", ("susu", "keju", "mentega", "whey", "laktosa",
                                               "krim", "milk", "butter")),
    AllergenGroup("tree_nut", N_("tree nuts"), "kacang pohon",
                  ("kenari", "mete", "mede", "almond", "hazelnut", "pistachio", "walnut",
                   "pecan", "makadamia")),
    AllergenGroup("sulphite", N_("sulphite (10 mg/kg or more)"), "sulfit",
                  ("sulfit", "metabisulfit", "bisulfit", "sulphite")),
)
ALLERGEN_BY_CODE = {a.code: a for a in ALLERGENS}
_ALLERGEN_NAMES = {
    **{a.code: a.code for a in ALLERGENS},
    **{a.label: a.code for a in ALLERGENS},
    **{a.name.lower(): a.code for a in ALLERGENS},
    "gandum": "gluten", "krustasea": "crustacean", "udang": "crustacean", "moluska": "mollusc",
    "kacang": "peanut", "tree nut": "tree_nut", "tree nuts": "tree_nut", "nuts": "tree_nut",
    "sulfite": "sulphite", "kedele": "soy", "soya": "soy", "susu sapi": "milk",
}


def allergen_code(text: str) -> str | None:
    """An allergen group named by its code, its Indonesian label word or its English name."""
    return _ALLERGEN_NAMES.get(" ".join(text.strip().lower().split()))


def allergen_of(ingredient: str) -> str | None:
    """The allergen group an ingredient name belongs to, by its words (None when none)."""
    words = " " + " ".join(re.split(r"[^\w]+", ingredient.lower())) + " "
    for group in ALLERGENS:
        for key in group.keywords:
            if f" {key} " in words:
                return group.code
    return None


#: Food additive classes (golongan BTP) as a label names them before the additive's name.
ADDITIVE_CLASSES: tuple[str, ...] = (
    "Pengawet", "Pewarna", "Pemanis", "Penguat rasa", "Pengental", "Pengemulsi", "Antioksidan",
    "Pengatur keasaman", "Pengembang", "Perisa", "Antikempal", "Penstabil", "Humektan",
    "Pengeras", "Pembentuk gel", "Pelapis", "Peningkat volume", "Sekuestran",
)


def split_additive(name: str) -> tuple[str | None, str]:
    """`Pengawet natrium benzoat` → ("Pengawet", "natrium benzoat"); other names unchanged."""
    lowered = name.strip().lower()
    for cls in sorted(ADDITIVE_CLASSES, key=len, reverse=True):
        if lowered.startswith(cls.lower() + " ") and len(lowered) > len(cls) + 1:
            return cls, name.strip()[len(cls) + 1:].strip()
    return None, name.strip()


#: Rows of the optional nutrition table (Informasi Nilai Gizi), in the order BPOM prints them
#: (PerBPOM 22/2019): key, label words, unit.
NUTRIENTS: tuple[tuple[str, str, str], ...] = (
    ("energy", "Energi total", "kkal"),
    ("fat", "Lemak total", "g"),
    ("protein", "Protein", "g"),
    ("carbohydrate", "Karbohidrat total", "g"),
    ("sugar", "Gula", "g"),
    ("sodium", "Garam (Natrium)", "mg"),
)

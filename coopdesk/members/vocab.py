"""The register's vocabularies: codes as stored, labels as shown, and the words people type.

Codes are stable English-ish identifiers (`abroad`, `informal`, `SMK`); what a treasurer reads is
the translated label (`PMI aktif`); what a spreadsheet brings in may be either, in either language
(`P`, `perempuan`, `F`), and `parse_*` turns it into the code or None.
"""

from __future__ import annotations

import re
from datetime import date

from coopdesk.i18n import N_, _

GENDER_LABELS = {"L": N_("Male (L)"), "P": N_("Female (P)")}
_GENDER_WORDS = {
    "l": "L", "m": "L", "lk": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "male": "L",
    "p": "P", "f": "P", "pr": "P", "perempuan": "P", "wanita": "P", "female": "P",
}

STATUS_LABELS = {"calon": N_("Prospective member"), "anggota": N_("Member"),
                 "keluar": N_("Left")}

MIGRANT_LABELS = {
    "none": N_("Not a migrant worker"),
    "prospective": N_("Prospective migrant (calon PMI)"),
    "abroad": N_("Working abroad (PMI aktif)"),
    "returned": N_("Returned migrant (purna PMI)"),
    "family": N_("Migrant's family (keluarga PMI)"),
}
_MIGRANT_WORDS = {
    "none": "none", "tidak": "none", "bukan": "none", "bukan pmi": "none", "-": "none",
    "prospective": "prospective", "calon": "prospective", "calon pmi": "prospective",
    "cpmi": "prospective",
    "abroad": "abroad", "aktif": "abroad", "pmi aktif": "abroad", "pmi": "abroad",
    "returned": "returned", "purna": "returned", "purna pmi": "returned",
    "family": "family", "keluarga": "family", "keluarga pmi": "family",
}

SECTOR_LABELS = {"formal": N_("Formal"), "informal": N_("Informal")}

EDUCATION_CODES = ("SD", "SMP", "SMA", "SMK", "D1", "D2", "D3", "D4", "S1", "S2", "S3", "NONE")
EDUCATION_LABELS = {
    "SD": N_("Primary school (SD)"), "SMP": N_("Junior high school (SMP)"),
    "SMA": N_("Senior high school (SMA)"), "SMK": N_("Vocational high school (SMK)"),
    "D1": "D1", "D2": "D2", "D3": "D3", "D4": "D4", "S1": "S1", "S2": "S2", "S3": "S3",
    "NONE": N_("No schooling"),
}
_EDUCATION_WORDS = {
    **{code.lower(): code for code in EDUCATION_CODES},
    "mi": "SD", "sltp": "SMP", "mts": "SMP", "slta": "SMA", "ma": "SMA", "stm": "SMK",
    "smea": "SMK", "none": "NONE", "tidak sekolah": "NONE", "tidak": "NONE", "-": "NONE",
    "belum sekolah": "NONE", "tidak tamat sd": "NONE",
}
#: The groups of the ministry's tables.
EDUCATION_GROUPS = ("SD", "SMP", "SMA", "SMK", "DIPLOMA", "SARJANA", "NONE")
EDUCATION_GROUP_LABELS = {
    "SD": N_("Primary school (SD)"), "SMP": N_("Junior high school (SMP)"),
    "SMA": N_("Senior high school (SMA)"), "SMK": N_("Vocational high school (SMK)"),
    "DIPLOMA": N_("Diploma (D1–D4)"), "SARJANA": N_("Degree (S1–S3)"),
    "NONE": N_("No schooling"),
}


def education_group(code: str | None) -> str:
    """The ministry's group of an education code; unknown counts as no schooling."""
    if code in ("D1", "D2", "D3", "D4"):
        return "DIPLOMA"
    if code in ("S1", "S2", "S3"):
        return "SARJANA"
    return code if code in EDUCATION_GROUPS else "NONE"


CAREGIVER_LABELS = {
    "mother": N_("Mother"), "father": N_("Father"), "grandparent": N_("Grandparent"),
    "sibling": N_("Older sibling"), "relative": N_("Other relative"),
    "neighbour": N_("Neighbour"), "boarding": N_("Boarding school (pesantren)"),
    "other": N_("Other"),
}
_CAREGIVER_WORDS = {
    "ibu": "mother", "ayah": "father", "bapak": "father", "kakek": "grandparent",
    "nenek": "grandparent", "kakek/nenek": "grandparent", "kakak": "sibling",
    "kerabat": "relative", "saudara": "relative", "paman": "relative", "bibi": "relative",
    "tetangga": "neighbour", "pesantren": "boarding", "lainnya": "other",
}

SCHOOL_LEVEL_LABELS = {
    "none": N_("Not yet in school"), "paud": N_("Playgroup / kindergarten (PAUD/TK)"),
    "sd": N_("Primary school (SD)"), "smp": N_("Junior high school (SMP)"),
    "sma": N_("Senior high school (SMA/SMK)"), "higher": N_("College / university"),
    "left": N_("Left school"), "done": N_("Finished school"),
}

RELATION_LABELS = {"spouse": N_("Spouse"), "child": N_("Child")}


def _key(text: str) -> str:
    return " ".join(text.strip().lower().split())


def parse_gender(text: str) -> str | None:
    return _GENDER_WORDS.get(_key(text))


def parse_migrant_status(text: str) -> str | None:
    return _MIGRANT_WORDS.get(_key(text)) if text.strip() else "none"


def parse_sector(text: str) -> str | None:
    key = _key(text)
    return {"formal": "formal", "informal": "informal", "non-formal": "informal",
            "nonformal": "informal"}.get(key)


def parse_education(text: str) -> str | None:
    return _EDUCATION_WORDS.get(_key(text).replace(" / ", "/"))


def parse_caregiver(text: str) -> str | None:
    key = _key(text)
    if key in CAREGIVER_LABELS:
        return key
    return _CAREGIVER_WORDS.get(key)


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date_text(text: str) -> date | None:
    """ISO `YYYY-MM-DD` or the Indonesian habit `DD/MM/YYYY`; None when it is neither."""
    value = text.strip()
    if "T" in value:
        value = value.split("T", 1)[0]
    if " " in value and value[:4].isdigit():
        value = value.split(" ", 1)[0]  # a spreadsheet's midnight timestamp
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
        m = _DMY.fullmatch(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of `code` in one of the tables above ("" for None)."""
    if code is None:
        return ""
    return _(table[code]) if code in table else code

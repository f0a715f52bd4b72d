"""Numbers printed on a label, checked and decoded: EAN-13, P-IRT, BPOM MD/ML, halal, NIB.

Each `parse_*` takes what a user typed (spaces, dots and dashes are forgiven), returns the
canonical form, and raises `CodeError` with plain words when the number cannot be right. What
might be right but looks odd (a P-IRT for another regency, a permit year that has passed) is a
warning, returned by the `*_warnings` functions, never a refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coopdesk.errors import UserError
from coopdesk.i18n import _
from coopdesk.products.terms import FOOD_TYPES, PACKAGING

_SEPARATORS = re.compile(r"[\s.\-/]+")


class CodeError(UserError):
    """A number that cannot be valid (wrong length, wrong check digit, wrong kind)."""


def _digits_only(text: str) -> str:
    return _SEPARATORS.sub("", text.strip())


# --- EAN-13 -------------------------------------------------------------------------------------


def ean13_check_digit(first12: str) -> int:
    """Weights 1,3,1,3… from the left over twelve digits; check = (10 − sum mod 10) mod 10."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError("need twelve digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    return (len(code) == 13 and code.isdigit()
            and ean13_check_digit(code[:12]) == int(code[12]))


def parse_ean13(text: str) -> str:
    """Thirteen digits with a right check digit; twelve digits get their check digit added."""
    code = _digits_only(text)
    if not code.isdigit():
        raise CodeError(_("A barcode (EAN-13) has only digits; “{text}” has other characters.")
                        .format(text=text.strip()))
    if len(code) == 12:
        return code + str(ean13_check_digit(code))
    if len(code) != 13:
        raise CodeError(_("A barcode (EAN-13) has 13 digits; “{text}” has {n}.")
                        .format(text=text.strip(), n=len(code)))
    expected = ean13_check_digit(code[:12])
    if int(code[12]) != expected:
        raise CodeError(_("The barcode {code} is mistyped: its last digit (the check digit) "
                          "should be {digit}.").format(code=code, digit=expected))
    return code


def is_in_store(code: str) -> bool:
    """Prefixes 200–299 are for use inside one shop only, not for goods sold elsewhere."""
    return code.startswith("2")


def in_store_ean13(sequence: int) -> str:
    """An in-store code `200` + nine digits + check digit, for a group without a GS1 number."""
    if not 0 < sequence < 10**9:
        raise ValueError("sequence out of range")
    first12 = f"200{sequence:09d}"
    return first12 + str(ean13_check_digit(first12))


# --- P-IRT --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pirt:
    """A decoded P-IRT number (15 digits)."""

    digits: str

    @property
    def packaging(self) -> int:
        return int(self.digits[0])

    @property
    def food_type(self) -> str:
        return self.digits[1:3]

    @property
    def food_type_name(self) -> str | None:
        return FOOD_TYPES.get(self.food_type)

    @property
    def region(self) -> str:
        """Province and regency (Banyumas, Central Java = 3302)."""
        return self.digits[3:7]

    @property
    def product_sequence(self) -> str:
        return self.digits[7:9]

    @property
    def producer_sequence(self) -> str:
        return self.digits[9:13]

    @property
    def expiry_year(self) -> int:
        return 2000 + int(self.digits[13:15])

    @property
    def printed(self) -> str:
        """As printed on a label: `P-IRT No. 1234567890123-45`."""
        return f"P-IRT No. {self.digits[:13]}-{self.digits[13:]}"


def parse_pirt(text: str) -> Pirt:
    raw = text.strip()
    cleaned = re.sub(r"^(P[\s-]*IRT)\s*(NO\.?|NOMOR)?\s*:?", "", raw, flags=re.IGNORECASE)
    digits = _digits_only(cleaned)
    if not digits.isdigit():
        raise CodeError(_("A P-IRT number has only digits; “{text}” has other characters.")
                        .format(text=raw))
    if len(digits) != 15:
        raise CodeError(_("A P-IRT number has 15 digits (e.g. 2063302010123-29); “{text}” has "
                          "{n}.").format(text=raw, n=len(digits)))
    if int(digits[0]) not in PACKAGING:
        raise CodeError(_("The first digit of a P-IRT number is the packaging (1 to 8); “{text}” "
                          "starts with {digit}.").format(text=raw, digit=digits[0]))
    return Pirt(digits)


def pirt_warnings(pirt: Pirt, *, packaging: int | None, regency_code: str, today: date
                  ) -> list[str]:
    """What looks wrong about a valid P-IRT number for this product and group."""
    found = []
    if packaging is not None and packaging != pirt.packaging:
        found.append(_("The P-IRT number says the packaging is {permit}, but the product says "
                       "{product}.").format(permit=_(PACKAGING[pirt.packaging][0]),
                                            product=_(PACKAGING[packaging][0])))
    if regency_code and pirt.region != regency_code:
        found.append(_("The P-IRT number is from region {permit}, but the group is in region "
                       "{group}.").format(permit=pirt.region, group=regency_code))
    if pirt.expiry_year < today.year:
        found.append(_("The P-IRT number expired in {year}: renew it at the regency health "
                       "office.").format(year=pirt.expiry_year))
    return found


def pirt_expiry(pirt: Pirt) -> date:
    """The last day a P-IRT is valid, from its year digits (the end of that year)."""
    return date(pirt.expiry_year, 12, 31)


# --- BPOM MD / ML, halal, NIB -------------------------------------------------------------------


def parse_bpom(text: str) -> str:
    """`BPOM RI MD 123456789012` → `MD 123456789012` (ML for imported food)."""
    raw = text.strip()
    cleaned = re.sub(r"^(BPOM)?\s*(RI)?\s*", "", raw.upper())
    match = re.fullmatch(r"(MD|ML)\s*([\d\s.\-]+)", cleaned)
    if not match:
        raise CodeError(_("A BPOM number starts with MD (made in Indonesia) or ML (imported) "
                          "followed by digits; “{text}” does not.").format(text=raw))
    return f"{match.group(1)} {_digits_only(match.group(2))}"


def bpom_warnings(number: str) -> list[str]:
    digits = number.split(" ", 1)[1]
    if len(digits) != 12:  # the length is from practice (verify): warn, never refuse
        return [_("A BPOM MD/ML number usually has 12 digits; {number} has {n}. Check it against "
                  "the certificate.").format(number=number, n=len(digits))]
    return []


def parse_halal(text: str) -> str:
    """A BPJPH certificate number: `ID` and digits. The interim `KH` numbers are refused."""
    raw = text.strip()
    cleaned = _digits_only(raw).upper()
    if cleaned.startswith("KH"):
        raise CodeError(_("“{text}” is a temporary KH number, not a halal certificate; enter the "
                          "certificate number that starts with ID.").format(text=raw))
    if not re.fullmatch(r"ID\d{8,24}", cleaned):
        raise CodeError(_("A halal certificate number starts with ID followed by digits "
                          "(e.g. ID33110018517710724); “{text}” does not.").format(text=raw))
    return cleaned


def parse_nib(text: str) -> str:
    raw = text.strip()
    digits = _digits_only(raw)
    if not digits.isdigit() or len(digits) != 13:
        raise CodeError(_("An NIB (business identity number) has 13 digits; “{text}” does not.")
                        .format(text=raw))
    return digits


def parse_slhs(text: str) -> str:
    number = " ".join(text.split())
    if not number:
        raise CodeError(_("Enter the SLHS certificate number."))
    return number


def parse_permit_number(kind: str, text: str) -> str:
    """The canonical number for a permit of this kind (see `PERMIT_KINDS`)."""
    if kind == "pirt":
        return parse_pirt(text).digits
    parser = {"bpom": parse_bpom, "halal": parse_halal, "nib": parse_nib, "slhs": parse_slhs}
    if kind not in parser:
        raise CodeError(_("“{kind}” is not a kind of permit.").format(kind=kind))
    return parser[kind](text)


def printed_permit(kind: str, number: str) -> str:
    """How a permit number appears on a label."""
    if kind == "pirt":
        return Pirt(number).printed
    if kind == "bpom":
        return f"BPOM RI {number}"
    if kind == "halal":
        return number
    return number

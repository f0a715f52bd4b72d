"""The text of a label as blocks of markup, in the order a label reads, for a given layout.

Which blocks there are depends on what the layout gives way on (`Flow.drop`): a smaller title,
the short form of the address, no notes, ... and on where things went: the dates and the price
are in the flow unless the strip beside the barcode holds them, the nutrition table is set in
the format chosen for the label (`label_nutrition`), and the title and net content leave room on
their left for the group's logo when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from coopdesk.products.label_content import ALLERGEN_LIST, INGREDIENTS, LabelContent
from coopdesk.products.label_nutrition import LINEAR, linear_markup
from coopdesk.products.nutrition import NutritionFacts

LOGO_GAP_EM = 0.6  # between the logo and the title beside it
SEPARATOR = "\u00a0· "  # a line breaks after the dot, so no line starts with one


@dataclass(frozen=True)
class Block:
    markup: str
    scale: float = 1.0
    boxed: bool = False
    indent: float = 0.0  # ems kept free on the left (for the logo beside the title)
    table: NutritionFacts | None = None  # a nutrition table instead of markup
    form: str = ""  # the table's format


@dataclass(frozen=True)
class Flow:
    """What the text flow holds on one try of the layout."""

    drop: frozenset[str] = frozenset()
    form: str = LINEAR  # the nutrition table's format
    logo_em: float = 0.0  # the logo's width in ems (0: no logo)
    dates: bool = True  # production date, code and expiry (else: in the strip)
    price: bool = True  # (else: in the strip)
    halal_number: bool = False  # the certificate number did not fit under the mark


def e(text: str) -> str:
    return escape(text).replace("\n", " ")


def nb(text: str) -> str:
    """Keep dates and numbers on one line."""
    return text.replace("  ", " ").replace(" ", "\u00a0")


def _ingredient_markup(c: LabelContent) -> str:
    if not c.ingredients:
        return ""
    names = [f"<b>{e(t)}</b>" if bold else e(t) for t, bold in c.ingredients]
    return f"<b>{e(c.word(INGREDIENTS))}:</b> " + ", ".join(names) + "."


def _allergen_markup(c: LabelContent) -> str:
    parts = [e(c.allergen_note)] if c.allergen_note else []
    if c.extra_allergens:
        named = ", ".join(f"<b>{e(a)}</b>" for a in c.extra_allergens)
        parts.append(f"{ALLERGEN_LIST}: {named}.")
    return " ".join(parts)


def date_blocks(c: LabelContent, *, stacked: bool, dates: bool = True, price: bool = True
                ) -> list[Block]:
    """Production date and code, expiry, price: one per line in the strip, joined in the flow."""
    blocks = []
    made = [nb(e(t)) for t in (c.production, c.batch_code) if t and dates]
    if made:
        blocks += [Block(m) for m in made] if stacked else [Block(SEPARATOR.join(made))]
    if c.expiry and dates:
        words, _sep, when = c.expiry.partition(":")
        # "sebelum:" stays with "digunakan": a narrow column breaks before the date instead.
        first, _space, last = words.rpartition(" ")
        joined = f"{e(first)}\u00a0{e(last)}" if first else e(words)
        blocks.append(Block(f"<b>{joined}: {nb(e(when.strip()))}</b>"))
    if c.price and price:
        blocks.append(Block(f"<b>{e(c.price)}</b>", 1.25))
    return blocks


def _header(c: LabelContent, f: Flow) -> list[Block]:
    """The title (brand after it) and the net content: the logo, if any, stands beside them."""
    title = f"<b>{e(c.title)}</b>"
    if c.brand:
        title += f" <font size='-2'>{e(c.brand)}</font>"
    small = "big_title" in f.drop
    indent = f.logo_em + LOGO_GAP_EM if f.logo_em else 0.0
    blocks = [Block(title, 1.15 if small else 1.55, indent=indent)]
    if c.net:
        blocks.append(Block(f"<b>{nb(e(c.net))}</b>", 1.0 if small else 1.15, indent=indent))
    return blocks


def _producer(c: LabelContent, f: Flow) -> list[Block]:
    if not c.producer:
        return []
    name, _sep, rest = c.producer.partition(":")
    where = ("" if "address" in f.drop else
             e(c.address_short) if "street" in f.drop else e(c.address))
    return [Block(f"{e(name)}: <b>{e(rest.strip())}</b>" + (f", {where}" if where else ""))]


def _nutrition(c: LabelContent, f: Flow) -> list[Block]:
    if c.nutrition is None or "nutrition" in f.drop:
        return []
    if f.form == LINEAR:
        return [Block(linear_markup(c.nutrition), boxed=True)]
    return [Block("", table=c.nutrition, form=f.form)]


def flow_blocks(c: LabelContent, f: Flow) -> list[Block]:
    blocks = _header(c, f)
    if "ingredients" not in f.drop:
        blocks += [Block(m) for m in (_ingredient_markup(c), _allergen_markup(c)) if m]
    if "notes" not in f.drop:
        blocks += [Block(e(n)) for n in c.notes]
    blocks += _producer(c, f)
    numbers = [*c.permits, *([f"Halal {c.halal_number}"] if f.halal_number else [])]
    if numbers:
        blocks.append(Block("<b>" + SEPARATOR.join(nb(e(p)) for p in numbers) + "</b>"))
    blocks += _nutrition(c, f)
    return blocks + date_blocks(c, stacked=False, dates=f.dates,
                                price=f.price and "price" not in f.drop)

"""The PDF kit: ReportLab documents with the cooperative's letterhead, an embedded Unicode font,
page numbers and the printed-on date. Builders give plain data; these functions give bytes."""

from coopdesk.pdf.kit import (
    FONT,
    FONT_BOLD,
    FONT_CONDENSED,
    FONT_CONDENSED_BOLD,
    FONT_ITALIC,
    Letterhead,
    Points,
    build_pdf,
    data_table,
    draw_letterhead,
    paragraph,
    register_fonts,
    signature_block,
    styles,
)

__all__ = [
    "FONT",
    "FONT_BOLD",
    "FONT_CONDENSED",
    "FONT_CONDENSED_BOLD",
    "FONT_ITALIC",
    "Letterhead",
    "Points",
    "build_pdf",
    "data_table",
    "draw_letterhead",
    "paragraph",
    "register_fonts",
    "signature_block",
    "styles",
]

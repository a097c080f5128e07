"""The page geometry every part of the report is laid out in (A4, millimetre margins)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

PAGE_W, PAGE_H = A4
PAGE_MARGIN = 20 * mm
HEADER_GAP = 10 * mm
BODY_W = PAGE_W - 2 * PAGE_MARGIN
FOOTER_W = BODY_W * 2 / 3 - 12  # the brand's footer line, beside the page numbers
BRAND_NAME_W = BODY_W / 2  # the brand's name on the cover, beside the logo
BODY_H = PAGE_H - 2 * PAGE_MARGIN - 2 * HEADER_GAP  # about: the body frame's height
BAND_TOP = PAGE_H - 38 * mm  # the cover's colored band
BAND_BOTTOM = PAGE_H * 0.42

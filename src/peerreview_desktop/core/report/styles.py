"""The report's look: embedded fonts, the colour palette, paragraph styles and grade colours.

Fonts are the DejaVu families shipped in `resources/fonts/` (they cover Welsh ŵ ŷ, accented names and typographic
punctuation). They are registered with reportlab once per process; `<b>` and `<i>` work through the font families.
Styles are built once and cached: reportlab paragraph styles are immutable in use, so sharing them is safe and cheap.
"""

from __future__ import annotations

import functools
import threading

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from peerreview_desktop.core.errors import PeerReviewError
from peerreview_desktop.core.paths import resource

# --- fonts -----------------------------------------------------------------------------------------------------------

SANS = "PRSans"
SANS_BOLD = "PRSans-Bold"
SANS_ITALIC = "PRSans-Italic"
COND = "PRSansCond"
COND_BOLD = "PRSansCond-Bold"
SERIF = "PRSerif"
SERIF_BOLD = "PRSerif-Bold"
MONO = "PRMono"

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    COND: "DejaVuSansCondensed.ttf",
    COND_BOLD: "DejaVuSansCondensed-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
}

_lock = threading.Lock()
_registered = False


class ReportFontsMissing(PeerReviewError):
    """The fonts shipped with the application cannot be found or read."""


def register_fonts() -> None:
    """Register the report fonts and their families with reportlab (once per process)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FONT_FILES.items():
            path = resource("fonts", filename)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # a missing or damaged font file in the installation
                raise ReportFontsMissing(
                    f"The report font {filename} could not be loaded from {path.parent}; reinstall the application."
                ) from exc
        # <b> and <i> in paragraph markup pick the family's faces; the report never sets bold italic, and headings
        # (serif) are never italic, so those slots reuse the nearest shipped face
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD)
        pdfmetrics.registerFontFamily(COND, normal=COND, bold=COND_BOLD, italic=SANS_ITALIC, boldItalic=COND_BOLD)
        pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF, boldItalic=SERIF_BOLD)
        _registered = True


# --- page geometry ---------------------------------------------------------------------------------------------------

MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm

# --- palette ---------------------------------------------------------------------------------------------------------

INK = colors.HexColor("#1c2430")  # body text
MUTED = colors.HexColor("#5b6573")  # secondary text: metadata, captions
FAINT = colors.HexColor("#8b95a3")  # running header and footer
ACCENT = colors.HexColor("#1f4e79")  # headings, rules
ACCENT_LIGHT = colors.HexColor("#e9eff6")  # area rows, cover panel
RULE = colors.HexColor("#c9d2dc")
ZEBRA = colors.HexColor("#f6f8fa")
DRAFT_RED = colors.HexColor("#b3261e")
WATERMARK = colors.HexColor("#eef0f3")
STRENGTH = colors.HexColor("#2e7d4f")
DEVELOPMENT = colors.HexColor("#b26a00")
NEUTRAL = colors.HexColor("#8b95a3")
UNGRADED = colors.HexColor("#9aa3ad")  # not judged / insufficient evidence / unknown grades
NOT_YET = colors.HexColor("#dde2e8")  # criteria with no grade yet, in the bars by area
WHITE = colors.white
DARK_TEXT = colors.HexColor("#111111")


def parse_colour(value: object, fallback: colors.Color = UNGRADED) -> colors.Color:
    """A framework's grade colour ("#1a7f37", "1a7f37", "green") as a reportlab colour; grey when unusable."""
    if not isinstance(value, str) or not value.strip():
        return fallback
    text = value.strip()
    try:
        if len(text) in (6, 8) and all(c in "0123456789abcdefABCDEF" for c in text):
            text = "#" + text
        return colors.toColor(text)
    except Exception:
        return fallback


def _luminance(c: colors.Color) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue)


def text_on(fill: colors.Color) -> colors.Color:
    """White or near-black, whichever contrasts more with `fill` (WCAG relative luminance)."""
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    return WHITE if on_white >= on_dark else DARK_TEXT


# every table starts from this: plain-string cells (even empty ones) would otherwise select Helvetica, which is
# not embedded
TABLE_BASE: list[tuple] = [("FONTNAME", (0, 0), (-1, -1), COND), ("FONTSIZE", (0, 0), (-1, -1), 8.8)]

# --- paragraph styles ------------------------------------------------------------------------------------------------

BODY_SIZE = 9.6
BODY_LEADING = 13.8


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """Every paragraph style the report uses, by name (built once)."""
    register_fonts()
    s: dict[str, ParagraphStyle] = {}
    s["body"] = ParagraphStyle(
        "body",
        fontName=SANS,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        textColor=INK,
        spaceAfter=5,
        alignment=TA_LEFT,
        bulletFontName=SANS,
    )
    s["body-tight"] = ParagraphStyle("body-tight", parent=s["body"], spaceAfter=1)
    s["muted"] = ParagraphStyle("muted", parent=s["body"], textColor=MUTED, fontName=SANS_ITALIC)
    s["small"] = ParagraphStyle("small", parent=s["body"], fontSize=8.2, leading=11, textColor=MUTED, spaceAfter=2)
    s["bullet"] = ParagraphStyle("bullet", parent=s["body"], leftIndent=14, bulletIndent=2, spaceAfter=3)
    s["numbered"] = ParagraphStyle("numbered", parent=s["body"], leftIndent=18, bulletIndent=0, spaceAfter=5)
    s["numbered-kwn"] = ParagraphStyle("numbered-kwn", parent=s["numbered"], keepWithNext=1)
    s["finding-criteria"] = ParagraphStyle(
        "finding-criteria", parent=s["small"], leftIndent=18, spaceBefore=-3, spaceAfter=6
    )
    s["h1"] = ParagraphStyle(
        "h1",
        fontName=SERIF_BOLD,
        fontSize=19,
        leading=24,
        textColor=ACCENT,
        spaceBefore=0,
        spaceAfter=10,
        keepWithNext=1,
    )
    s["h2"] = ParagraphStyle(
        "h2",
        fontName=SERIF_BOLD,
        fontSize=13.5,
        leading=18,
        textColor=ACCENT,
        spaceBefore=16,
        spaceAfter=5,
        keepWithNext=1,
    )
    s["h2-table"] = ParagraphStyle("h2-table", parent=s["h2"], keepWithNext=0)
    s["h3"] = ParagraphStyle(
        "h3", fontName=SANS_BOLD, fontSize=10.8, leading=14, textColor=INK, spaceBefore=10, spaceAfter=0, keepWithNext=1
    )
    s["label"] = ParagraphStyle(
        "label",
        fontName=SANS_BOLD,
        fontSize=8.2,
        leading=11,
        textColor=ACCENT,
        spaceBefore=4,
        spaceAfter=2,
        keepWithNext=1,
    )
    s["descriptor"] = ParagraphStyle(
        "descriptor",
        parent=s["body"],
        fontName=SANS_ITALIC,
        fontSize=8.6,
        leading=12,
        textColor=MUTED,
        spaceAfter=4,
        keepWithNext=1,
    )
    # evidence notes (see criteria.NoteMeta and note_styles): the text is indented behind a coloured rule
    s["note"] = ParagraphStyle("note", parent=s["body"], fontSize=9, leading=12.6, leftIndent=10, spaceAfter=5)
    # tables
    s["cell"] = ParagraphStyle("cell", fontName=COND, fontSize=8.8, leading=11.2, textColor=INK)
    s["cell-bold"] = ParagraphStyle("cell-bold", parent=s["cell"], fontName=COND_BOLD)
    s["cell-muted"] = ParagraphStyle("cell-muted", parent=s["cell"], textColor=MUTED)
    s["cell-head"] = ParagraphStyle("cell-head", parent=s["cell"], fontName=COND_BOLD, textColor=WHITE)
    s["cell-num"] = ParagraphStyle("cell-num", parent=s["cell"], alignment=2)
    s["cell-head-num"] = ParagraphStyle("cell-head-num", parent=s["cell-head"], alignment=2)
    s["cell-area"] = ParagraphStyle("cell-area", parent=s["cell"], fontName=COND_BOLD, textColor=ACCENT, fontSize=9.2)
    # cover
    s["cover-kicker"] = ParagraphStyle(
        "cover-kicker", fontName=SANS_BOLD, fontSize=10, leading=14, textColor=ACCENT, spaceAfter=6
    )
    s["cover-school"] = ParagraphStyle(
        "cover-school", fontName=SERIF_BOLD, fontSize=27, leading=33, textColor=INK, spaceAfter=8
    )
    s["cover-sub"] = ParagraphStyle("cover-sub", fontName=SANS, fontSize=12.5, leading=17, textColor=MUTED)
    s["cover-status"] = ParagraphStyle(
        "cover-status", fontName=SANS_BOLD, fontSize=11, leading=15, textColor=DRAFT_RED, alignment=TA_LEFT
    )
    s["cover-key"] = ParagraphStyle("cover-key", parent=s["cell"], fontName=COND_BOLD, textColor=MUTED, fontSize=9)
    s["cover-value"] = ParagraphStyle("cover-value", parent=s["cell"], fontName=SANS, fontSize=9.4, leading=12.5)
    s["mono"] = ParagraphStyle("mono", fontName=MONO, fontSize=8, leading=11, textColor=INK)
    s["centre-small"] = ParagraphStyle("centre-small", parent=s["small"], alignment=TA_CENTER)
    return s


@functools.cache
def note_styles(marker: str, rule_hex: str) -> tuple[ParagraphStyle, ParagraphStyle]:
    """Styles for a note's paragraphs (one within the note, the note's last), carrying the rule colour and how far
    the rule extends below the paragraph (through the gap to the next paragraph of the same note)."""
    base = styles()["note"]
    rule = colors.HexColor("#" + rule_hex)
    mid = ParagraphStyle(f"note-{marker}-mid", parent=base, spaceAfter=3)
    last = ParagraphStyle(f"note-{marker}", parent=base)
    mid.ruleColor, mid.ruleExtend = rule, 3
    last.ruleColor, last.ruleExtend = rule, 0
    return mid, last


@functools.cache
def grade_cell_style(fill_hex: str) -> ParagraphStyle:
    """A bold, centred table-cell style whose text colour contrasts with the grade's fill."""
    fill = colors.HexColor("#" + fill_hex)
    return ParagraphStyle(
        f"grade-{fill_hex}", parent=styles()["cell-bold"], alignment=TA_CENTER, textColor=text_on(fill)
    )

"""The diagonal DRAFT watermark, drawn as filled glyph outlines rather than text.

As text, a rotated watermark would be picked up by `pdftotext` and scattered through the page's words, breaking
the reading order (and copy and paste). So the letters are read from the embedded bold TrueType font's `glyf`
table and drawn as paths: they look exactly like the font, but are not text. The running header carries the
word DRAFT as real text on every page.
"""

from __future__ import annotations

import functools
import struct

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from . import styles as st

Point = tuple[float, float, bool]  # x, y, on-curve


def _contours(face, gid: int) -> list[list[Point]]:
    """The outline of a simple TrueType glyph as contours of points (composite glyphs give no contours)."""
    data: bytes = face._ttf_data
    base = face.table["glyf"]["offset"]
    start, end = base + face.glyphPos[gid], base + face.glyphPos[gid + 1]
    if end <= start:
        return []
    (n_contours,) = struct.unpack_from(">h", data, start)
    if n_contours <= 0:
        return []
    pos = start + 10
    end_pts = struct.unpack_from(f">{n_contours}H", data, pos)
    pos += 2 * n_contours
    n_points = end_pts[-1] + 1
    (instr_len,) = struct.unpack_from(">H", data, pos)
    pos += 2 + instr_len
    flags: list[int] = []
    while len(flags) < n_points:
        flag = data[pos]
        pos += 1
        flags.append(flag)
        if flag & 8:  # repeat
            flags.extend([flag] * data[pos])
            pos += 1

    def coords(short_bit: int, same_bit: int) -> list[int]:
        nonlocal pos
        out, value = [], 0
        for flag in flags[:n_points]:
            if flag & short_bit:
                delta = data[pos]
                pos += 1
                value += delta if flag & same_bit else -delta
            elif not flag & same_bit:
                (delta,) = struct.unpack_from(">h", data, pos)
                pos += 2
                value += delta
            out.append(value)
        return out

    xs = coords(2, 16)
    ys = coords(4, 32)
    contours, first = [], 0
    for last in end_pts:
        contours.append([(xs[i], ys[i], bool(flags[i] & 1)) for i in range(first, last + 1)])
        first = last + 1
    return contours


def _segments(contour: list[Point]) -> list[tuple]:
    """A closed contour as ("M", x, y) then ("L", x, y) / ("C", x1, y1, x2, y2, x, y) segments."""
    pts = list(contour)
    if not pts:
        return []
    if not pts[0][2]:  # start on an on-curve point, implied if need be
        if pts[-1][2]:
            pts = [pts[-1]] + pts[:-1]
        else:
            mid = ((pts[0][0] + pts[-1][0]) / 2, (pts[0][1] + pts[-1][1]) / 2, True)
            pts = [mid] + pts
    x0, y0 = pts[0][0], pts[0][1]
    out: list[tuple] = [("M", x0, y0)]
    cur = (x0, y0)
    ctrl = None
    for x, y, on in pts[1:] + [pts[0]]:
        if on:
            if ctrl is None:
                out.append(("L", x, y))
            else:
                out.append(_quad(cur, ctrl, (x, y)))
                ctrl = None
            cur = (x, y)
        else:
            if ctrl is not None:  # two off-curve points: an implied on-curve point between them
                mid = ((ctrl[0] + x) / 2, (ctrl[1] + y) / 2)
                out.append(_quad(cur, ctrl, mid))
                cur = mid
            ctrl = (x, y)
    return out


def _quad(p0, c, p1) -> tuple:
    """A quadratic Bézier as the equivalent cubic."""
    return (
        "C",
        p0[0] + 2 / 3 * (c[0] - p0[0]),
        p0[1] + 2 / 3 * (c[1] - p0[1]),
        p1[0] + 2 / 3 * (c[0] - p1[0]),
        p1[1] + 2 / 3 * (c[1] - p1[1]),
        p1[0],
        p1[1],
    )


@functools.cache
def word_outline(word: str, font_name: str) -> tuple[tuple[tuple, ...], float]:
    """Path segments of `word` in font units, and its advance width in font units."""
    face = pdfmetrics.getFont(font_name).face
    segs: list[tuple] = []
    x = 0.0
    for ch in word:
        gid = face.charToGlyph.get(ord(ch), 0)
        for contour in _contours(face, gid):
            for seg in _segments(contour):
                coords = list(seg[1:])
                coords[0::2] = [v + x for v in coords[0::2]]
                segs.append((seg[0], *coords))
        x += face.hmetrics[gid][0]
    return tuple(segs), x


def draw_watermark(canv: Canvas, word: str, cx: float, cy: float, angle: float, size: float) -> None:
    """Fill `word` centred at (cx, cy), rotated by `angle` degrees, `size` points high (em), in the watermark grey."""
    segs, advance = word_outline(word, st.SANS_BOLD)
    face = pdfmetrics.getFont(st.SANS_BOLD).face
    scale = size / face.unitsPerEm
    canv.saveState()
    canv.translate(cx, cy)
    canv.rotate(angle)
    canv.scale(scale, scale)
    canv.translate(-advance / 2, -face.capHeight * face.unitsPerEm / 1000 / 2 if face.capHeight else -700)
    path = canv.beginPath()
    for i, seg in enumerate(segs):
        if seg[0] == "M":
            if i:
                path.close()
            path.moveTo(seg[1], seg[2])
        elif seg[0] == "L":
            path.lineTo(seg[1], seg[2])
        else:
            path.curveTo(*seg[1:])
    path.close()
    canv.setFillColor(st.WATERMARK)
    canv.drawPath(path, stroke=0, fill=1, fillMode=1)
    canv.restoreState()

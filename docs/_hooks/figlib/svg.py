"""A very small SVG writer: enough for network diagrams, with no dependency.

Every figure is a self-contained ``<svg>`` meant for an ``<img>``: an ``<img>`` cannot see
the page's CSS, so each figure paints its own opaque light card and dark text, which
reads the same in Material's light and dark palettes.

Numbers are written with :func:`num`, which wraps them in ``<tspan data-v="KEY">``: the
visible text is the number as the trace table formats it, and ``KEY`` names the value
(e.g. ``delta:2:0``) so the tests can check every number against scratchnet's own run.

A figure is drawn in one language (``Svg(..., language="ja")``): its words come from the
drawing module's ``WORDS[language]``, its fonts from :data:`FONTS`, and a figure in another
language than English says which on its root (``xml:lang``), so a browser picks that
language's glyphs and the figures hook marks its description with it.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
        "'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif")
#: The systems' own Japanese gothic fonts, in the order of the Japanese pages' stack
#: (docs/assets/japanese.css): no web font. A Japanese figure takes its Latin letters and
#: digits from FONT's fonts, its kana and kanji from the first of these the reader has.
JAPANESE_FAMILIES = ("Hiragino Sans", "Hiragino Kaku Gothic ProN", "BIZ UDPGothic", "Meiryo", "Noto Sans CJK JP",
                     "Noto Sans JP", "Source Han Sans JP", "IPAexGothic", "IPAPGothic")


def font_stack(latin: str, language: str) -> str:
    """A font-family list: ``latin`` (ending in a generic family), with the language's own fonts before the generic."""
    if language.split("-")[0] != "ja":
        return latin
    head, generic = latin.rsplit(", ", 1)
    return ", ".join([head, *(f"'{family}'" for family in JAPANESE_FAMILIES), generic])


#: The figures' font stack, by language.
FONTS = {"en": FONT, "ja": font_stack(FONT, "ja")}


def language_of(words: dict, language: str) -> str:
    """The language to draw in for a build in ``language``: its own if ``words`` (a WORDS) has it, else English."""
    base = language.split("-")[0]
    return base if base in words else "en"


def lang_attributes(language: str) -> str:
    """The root's language attributes: none for English (the figures' first language), else ``xml:lang``."""
    return "" if language == "en" else f' xml:lang="{language}" lang="{language}"'

# Colours (WCAG 2.1 AA): every text colour is at least 4.5:1, and every colour that carries
# meaning (a line, an arrowhead, a marker) at least 3:1, on every background below, also
# dimmed as the dark palette shows figures (figures.css). The ratios are the worst case, in
# the dark palette. tests/browser/test_accessibility.py checks every figure the build draws.
CARD = "#ffffff"
INK = "#1b1b1f"          # text and forward values: 12.0:1
MUTED = "#50545c"        # secondary text: 5.7:1
EDGE = "#757a83"         # a plain edge (grey, no arrowhead): 3.3:1
FORWARD = "#1d4f91"      # forward flow: dark blue, solid, arrow to the right: 6.1:1
BACKWARD = "#b3261e"     # backward flow: red, dashed, arrow to the left: 5.0:1
UPDATE = "#1e6b2f"       # the update: dark green, with an arrow "old -> new": 5.0:1
NODE_FILL = "#f4f6fa"    # backgrounds under text and lines
BACK_FILL = "#fdf0ef"
REGION_IN = "#dbe7f6"    # a classifier's decision regions (plots.py); their boundary is an INK line
REGION_OUT = "#fde6cf"
BACKGROUNDS = (CARD, NODE_FILL, BACK_FILL, REGION_IN, REGION_OUT)
# Lines that carry no meaning of their own: the card's edge, a plot's grid, a legend's frame.
CARD_EDGE = "#c9ccd1"
GRID = "#dddddd"
FRAME = "#cccccc"
DECORATION = (CARD_EDGE, GRID, FRAME)
DASH = "7 5"

DIGITS = 4

# Advance widths (in em) of DejaVu Sans, the widest font of FONT's list that a reader is likely
# to get: text measured with these never comes out narrower than it renders. Bold is ~10% wider.
_EM = {**dict.fromkeys("0123456789", 0.636), " ": 0.318, ".": 0.318, ",": 0.318, "-": 0.361, "_": 0.5,
       "(": 0.39, ")": 0.39, "[": 0.39, "]": 0.39, "=": 0.838, "×": 0.838, "→": 0.838, "−": 0.838,
       "′": 0.227, "ŷ": 0.592,
       **dict(zip("abcdefghijklmnopqrstuvwxyz",
                  (0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974,
                   0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525)))}
_EM_OTHER = 0.75          # capitals and anything not in the table: generous
_EM_WIDE = 1.0            # kana, kanji and full-width punctuation: one em in every Japanese font
_BOLD = 1.1


def _em(ch: str) -> float:
    if ch in _EM:
        return _EM[ch]
    return _EM_WIDE if unicodedata.east_asian_width(ch) in ("W", "F") else _EM_OTHER


def fmt(value: float, digits: int = DIGITS) -> str:
    """A number as the trace table prints it (``trace_table(step, digits=4)``)."""
    return f"{value:.{digits}f}"


@dataclass(frozen=True)
class Num:
    """A number on a figure, with the key the tests use to find it."""
    value: float
    key: str
    digits: int = DIGITS


def num(value: float, key: str, digits: int = DIGITS) -> Num:
    return Num(value, key, digits)


def _segments(parts) -> str:
    if isinstance(parts, (str, Num)):
        parts = [parts]
    out = []
    for part in parts:
        if isinstance(part, Num):
            out.append(f'<tspan data-v={quoteattr(part.key)}>{escape(fmt(part.value, part.digits))}</tspan>')
        elif isinstance(part, tuple):           # (text, colour) or (text, colour, weight)
            text, colour, *rest = part
            weight = f' font-weight="{rest[0]}"' if rest else ""
            out.append(f'<tspan fill="{colour}"{weight}>{_segments(text)}</tspan>')
        else:
            out.append(escape(str(part)))
    return "".join(out)


def _plain(parts) -> list[tuple[str, bool]]:
    """The visible text of ``parts`` (as :meth:`Svg.text` takes them), as (text, bold) runs."""
    if isinstance(parts, (str, Num)):
        parts = [parts]
    out = []
    for part in parts:
        if isinstance(part, Num):
            out.append((fmt(part.value, part.digits), False))
        elif isinstance(part, tuple):
            text, _colour, *rest = part
            out += [(t, b or (bool(rest) and rest[0] == "bold")) for t, b in _plain(text)]
        else:
            out.append((str(part), False))
    return out


def plain_text(parts) -> str:
    """The visible text of ``parts`` (as :meth:`Svg.text` takes them), for a figure's description."""
    return "".join(text for text, _bold in _plain(parts))


def text_width(parts, size: float = 14, weight=None) -> float:
    """How wide ``parts`` render at ``size`` px (an upper estimate, from DejaVu Sans's widths)."""
    total = 0.0
    for text, bold in _plain(parts):
        em = sum(_em(ch) for ch in text)
        total += em * (_BOLD if bold or weight == "bold" else 1.0)
    return total * size


def _extra(attrs: dict | None) -> str:
    """Extra attributes (``class``, ``data-*``), in the order given: deterministic output."""
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in (attrs or {}).items())


def _f(v: float) -> str:
    """Coordinates with at most one decimal, so the output is short and deterministic."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


LABEL_LINE = 15         # line pitch of a label's lines (13 px text)
LABEL_PAD_X, LABEL_PAD_Y = 5, 2.5


def label_size(lines, size: float = 13) -> tuple[float, float]:
    """Width and height of :meth:`Svg.label`'s plate for ``lines`` (``(parts, colour, weight)`` each)."""
    w = max(text_width(parts, size, weight) for parts, _colour, weight in lines)
    glyphs = LABEL_LINE * (len(lines) - 1) + 1.04 * size        # cap height + descender of the last line
    return w + 2 * LABEL_PAD_X, glyphs + 2 * LABEL_PAD_Y


class Svg:
    """Collects elements; :meth:`render` returns the whole document as text."""

    def __init__(self, width: float, height: float, title: str, desc: str, language: str = "en"):
        self.width, self.height = width, height
        self.title, self.desc = title, desc
        self.language = language
        self.parts: list[str] = []

    # -- primitives -------------------------------------------------------------------------
    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def rect(self, x, y, w, h, *, fill="none", stroke=None, rx=0, width=1.0, dash=None, attrs=None) -> None:
        attrs = f'x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" fill="{fill}"' + _extra(attrs)
        if rx:
            attrs += f' rx="{_f(rx)}"'
        if stroke:
            attrs += f' stroke="{stroke}" stroke-width="{width}"'
        if dash:
            attrs += f' stroke-dasharray="{dash}"'
        self.parts.append(f"<rect {attrs}/>")

    def circle(self, cx, cy, r, *, fill="none", stroke=None, width=1.0) -> None:
        stroke_attr = f' stroke="{stroke}" stroke-width="{width}"' if stroke else ""
        self.parts.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r)}" fill="{fill}"{stroke_attr}/>')

    def line(self, x1, y1, x2, y2, *, stroke=EDGE, width=1.5, dash=None, arrow=None, attrs=None) -> None:
        """A straight line; ``arrow`` is a marker name ('fwd', 'back', 'upd', 'ink') for its end."""
        attrs = (f'x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}" stroke-width="{width}"'
                 + _extra(attrs))
        if dash:
            attrs += f' stroke-dasharray="{dash}"'
        if arrow:
            attrs += f' marker-end="url(#arrow-{arrow})"'
        self.parts.append(f"<line {attrs}/>")

    def path(self, d: str, *, stroke=EDGE, width=1.5, dash=None, arrow=None, fill="none") -> None:
        attrs = f'd="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
        if dash:
            attrs += f' stroke-dasharray="{dash}"'
        if arrow:
            attrs += f' marker-end="url(#arrow-{arrow})"'
        self.parts.append(f"<path {attrs}/>")

    def text(self, x, y, parts, *, size=14, anchor="start", fill=INK, weight=None, halo=False,
             italic=False) -> None:
        """One line of text; ``parts`` mixes strings, :class:`Num` and ``(text, colour)`` tuples.

        ``halo`` paints a white outline under the letters, so a label stays legible on a line.
        """
        attrs = f'x="{_f(x)}" y="{_f(y)}" font-size="{size}" fill="{fill}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if weight:
            attrs += f' font-weight="{weight}"'
        if italic:
            attrs += ' font-style="italic"'
        if halo:
            attrs += f' stroke="{CARD}" stroke-width="5" stroke-linejoin="round" paint-order="stroke"'
        self.parts.append(f"<text {attrs}>{_segments(parts)}</text>")

    def badge(self, x, y, label: str, colour=INK, r=10) -> None:
        """A step number in a circle (the four steps are named by number, not by colour)."""
        self.circle(x, y, r, fill=colour)
        self.text(x, y + 4.5, label, size=13, anchor="middle", fill=CARD, weight="bold")

    def arrow_between(self, x1, y1, x2, y2, *, kind="fwd", offset=0.0, shorten=(0.0, 0.0), width=1.8, attrs=None):
        """A line from (x1, y1) to (x2, y2) with an arrowhead, shifted sideways by ``offset``.

        ``kind``: 'fwd' (solid blue), 'back' (dashed red), 'upd' (solid green), 'edge' (grey, no head).
        Returns the (start, end) points after shortening and offsetting.
        """
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        nx, ny = -uy, ux
        sx, sy = x1 + ux * shorten[0] + nx * offset, y1 + uy * shorten[0] + ny * offset
        ex, ey = x2 - ux * shorten[1] + nx * offset, y2 - uy * shorten[1] + ny * offset
        style = {"fwd": (FORWARD, None, "fwd"), "back": (BACKWARD, DASH, "back"),
                 "upd": (UPDATE, None, "upd"), "edge": (EDGE, None, None), "ink": (INK, None, "ink")}[kind]
        self.line(sx, sy, ex, ey, stroke=style[0], width=width, dash=style[1], arrow=style[2], attrs=attrs)
        return (sx, sy), (ex, ey)

    def label(self, cx, cy, lines, *, size=13, attrs=None) -> tuple[float, float, float, float]:
        """Lines of text centred on (cx, cy) over an opaque rounded card-coloured plate.

        ``lines``: ``(parts, colour, weight)`` each. Whatever runs under the label (an edge)
        stops at the plate's border, so the text is never struck through. Returns the plate
        as (x, y, w, h).
        """
        w, h = label_size(lines, size)
        x, y = cx - w / 2, cy - h / 2
        self.rect(x, y, w, h, fill=CARD, rx=4, attrs=attrs)
        for k, (parts, colour, weight) in enumerate(lines):
            self.text(cx, y + LABEL_PAD_Y + 0.77 * size + LABEL_LINE * k, parts, size=size, anchor="middle",
                      fill=colour, weight=weight)
        return x, y, w, h

    # -- document ---------------------------------------------------------------------------
    def render(self) -> str:
        markers = "".join(
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            for name, colour in (("fwd", FORWARD), ("back", BACKWARD), ("upd", UPDATE), ("ink", INK))
        )
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(self.width)}" height="{_f(self.height)}" '
            f'viewBox="0 0 {_f(self.width)} {_f(self.height)}" role="img" aria-labelledby="fig-title fig-desc" '
            f'font-family={quoteattr(FONTS.get(self.language, FONT))}{lang_attributes(self.language)} '
            f'style="font-variant-numeric: tabular-nums">'
            f'<title id="fig-title">{escape(self.title)}</title>'
            f'<desc id="fig-desc">{escape(self.desc)}</desc>'
            f"<defs>{markers}</defs>"
            f'<rect x="0.5" y="0.5" width="{_f(self.width - 1)}" height="{_f(self.height - 1)}" rx="10" '
            f'fill="{CARD}" stroke="{CARD_EDGE}"/>'
        )
        return head + "\n" + "\n".join(self.parts) + "\n</svg>\n"

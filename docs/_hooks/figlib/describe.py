"""Each figure's numbers in words, on the page under the figure.

A figure is an ``<img>`` of an SVG: a screen reader reads its ``alt`` text (the author's
summary in the Markdown) but never the SVG's own ``<title>`` and ``<desc>``. The ``<desc>``
is written by the code that draws the figure, from the same run, and says what the figure
shows with its numbers. :func:`describe_figures` puts it on the page: a collapsed
``<details>`` ("The figure in words") at the end of the ``<figure>``, which the image names
as its description (``aria-describedby``). Sighted readers can open it too. The paragraph
carries the figure's own language (the SVG root's ``xml:lang``, English without one): on a
Japanese page, whose build draws its figures in Japanese, that is ``lang="ja"``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

SVG_NS = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: The summary of the ``<details>``, by the site's language (``theme.language``).
SUMMARY = {"en": "The figure in words", "ja": "図の内容を文章で"}

_IMG = re.compile(r'<img\b[^>]*?\bsrc="(?:[^"]*/)?figures/(?P<name>[^"/]+\.svg)"[^>]*>')


def svg_text_alternative(svg: str) -> tuple[str, str]:
    """The ``<title>`` and ``<desc>`` of an SVG document (``""`` for a missing one)."""
    root = ET.fromstring(svg.encode("utf-8"))
    title = root.find(f"{SVG_NS}title")
    desc = root.find(f"{SVG_NS}desc")
    return ("".join(title.itertext()).strip() if title is not None else "",
            "".join(desc.itertext()).strip() if desc is not None else "")


def svg_language(svg: str) -> str:
    """The language an SVG document's words are in: its root's ``xml:lang``, else English (the figures' first)."""
    return ET.fromstring(svg.encode("utf-8")).get(XML_LANG) or "en"


def describe_figures(page_html: str, svg_of: Callable[[str], str | None], language: str = "en") -> str:
    """Give every figure image of ``page_html`` its SVG's ``<desc>`` as a described-by text.

    ``svg_of(name)`` returns the SVG text of ``figures/NAME`` (``None`` if the site has no
    such figure: the page is left as it is, and the strict build reports the broken link).
    An image outside a ``<figure>`` gets its ``<details>`` right after its paragraph.
    """
    summary = SUMMARY.get(language.split("-")[0], SUMMARY["en"])
    used: dict[str, int] = {}
    edits: list[tuple[int, int, str]] = []     # (start, end, new text) in page_html, none overlapping
    for match in _IMG.finditer(page_html):
        name = match.group("name")
        svg = svg_of(name)
        if svg is None:
            continue
        _title, desc = svg_text_alternative(svg)
        if not desc:
            raise ValueError(f"figure {name} has no <desc>: say what it shows, with its numbers")
        tag = match.group(0)
        if "aria-describedby=" in tag:
            raise ValueError(f"figure {name}: the page sets aria-describedby itself; leave it to the figures hook")
        used[name] = used.get(name, 0) + 1
        ident = "figure-text-" + name[: -len(".svg")] + ("" if used[name] == 1 else f"-{used[name]}")
        closing = re.search(r"\s*/?>$", tag)
        described = tag[:closing.start()] + f' aria-describedby="{ident}"' + tag[closing.start():]
        edits.append((match.start(), match.end(), described))
        # at the end of the <figure> (after its caption), or after the image's own paragraph
        inside = page_html.rfind("<figure", 0, match.start()) > page_html.rfind("</figure>", 0, match.start())
        if inside:
            at = page_html.find("</figure>", match.end())
        else:
            at = page_html.find("</p>", match.end())
            at = at + len("</p>") if at >= 0 else -1
        if at < 0:
            raise ValueError(f"figure {name}: no </figure> or </p> after the image")
        edits.append((at, at, f'<details class="sn-figure-text"><summary>{html.escape(summary)}</summary>'
                              f'<p id="{ident}" lang="{svg_language(svg)}">{html.escape(desc)}</p></details>'))
    out, done = [], 0
    for begin, end, text in sorted(edits):
        out += [page_html[done:begin], text]
        done = end
    out.append(page_html[done:])
    return "".join(out)

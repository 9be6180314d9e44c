"""MkDocs hook: turn the LaTeX that pymdownx.arithmatex marks into MathML at build time.

arithmatex (``generic: true``) wraps inline math as ``<span class="arithmatex">\\(...\\)</span>``
and display math as ``<div class="arithmatex">\\[...\\]</div>``. This hook replaces each with
MathML from ``latex2mathml``, which every current browser renders natively: no script, no
font and no request leaves the site. A formula latex2mathml cannot convert fails the build.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert

_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
_BLOCK = re.compile(r'<div class="arithmatex">\s*\\\[(.*?)\\\]\s*</div>', re.S)


def latex_to_mathml(latex: str, display: str) -> str:
    """Convert one formula (HTML-escaped LaTeX, as arithmatex leaves it) to MathML."""
    source = html.unescape(latex).strip()
    try:
        mathml = convert(source, display=display)
    except Exception as error:  # latex2mathml raises many kinds; name the formula
        raise ValueError(f"latex2mathml cannot convert the formula {source!r}: {error}") from error
    # keep the LaTeX as an annotation-free alt text for screen readers and copy
    return mathml.replace("<math ", f'<math alttext="{html.escape(source, quote=True)}" ', 1)


def render_math(page_html: str) -> str:
    """Replace every arithmatex span and div in ``page_html`` with MathML."""
    page_html = _BLOCK.sub(
        lambda m: '<div class="arithmatex">' + latex_to_mathml(m.group(1), "block") + "</div>", page_html
    )
    return _INLINE.sub(
        lambda m: '<span class="arithmatex">' + latex_to_mathml(m.group(1), "inline") + "</span>", page_html
    )


def on_page_content(html_text, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return render_math(html_text)

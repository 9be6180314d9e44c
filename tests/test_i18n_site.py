"""The built site in two languages: every page is in both, the switcher joins each pair, and each
language's pages show the figures drawn in that language.

Runs on the session's plain build (``tests/site_build.py``, shared with the link check); needs
no browser. The browser tests (``tests/browser/``) visit the Japanese pages like the English
ones: no outside request, no console error, math rendered, copy buttons.
"""

from __future__ import annotations

import posixpath
import re
import sys
from urllib.parse import urljoin

import pytest

from tests import i18n, site_build

sys.path.insert(0, str(site_build.ROOT / "docs" / "_hooks"))      # figlib, to read and draw the figures

SWITCHER_LINK = re.compile(r'<a href="([^"]*)" hreflang="([\w-]+)" class="md-select__link"')
HTML_LANG = re.compile(r'<html lang="([\w-]+)"')


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> site_build.Build:
    try:
        return site_build.shared_build(tmp_path_factory, "root")
    except site_build.BuildError as error:
        pytest.fail(str(error), pytrace=False)


def _html(build, path: str) -> str:
    return (build.site_dir / path / "index.html").read_text(encoding="utf-8")


def switcher(html: str, path: str) -> dict[str, str]:
    """``{language: the page path its switcher entry leads to}``, resolved against ``path``."""
    found = {}
    for href, lang in SWITCHER_LINK.findall(html):
        assert not href.startswith(("/", "http:", "https:")), f"{path}: the switcher links {href!r}, not relative"
        target = posixpath.normpath(urljoin("http://site/" + path, href)[len("http://site/"):] or ".")
        found[lang] = "" if target == "." else target + "/"
    return found


def twin_path(path: str, locale: str) -> str:
    """The path of ``path``'s page in ``locale``: ``ja/forward/`` <-> ``forward/``."""
    default = i18n.default_language().locale
    bare = path
    for lang in i18n.translations():
        if path == f"{lang.locale}/" or path.startswith(f"{lang.locale}/"):
            bare = path[len(lang.locale) + 1 :]
    return bare if locale == default else f"{locale}/{bare}"


@pytest.mark.parametrize("path", list(site_build.source_pages()), ids=site_build.page_id)
def test_the_switcher_leads_to_the_same_page_in_each_language(build, path):
    html = _html(build, path)
    links = switcher(html, path)
    expected = {lang.locale: twin_path(path, lang.locale) for lang in i18n.languages()}
    assert links == expected, f"{path}: the language switcher leads to {links}, expected {expected}"
    assert HTML_LANG.search(html).group(1) == site_build.page_locale(path)


def test_every_english_page_has_a_page_in_each_language(build):
    for path in site_build.source_pages():
        for lang in i18n.languages():
            target = build.site_dir / twin_path(path, lang.locale) / "index.html"
            assert target.exists(), f"{path} has no {lang.locale} page at {twin_path(path, lang.locale)}"


def test_the_switcher_check_notices_a_wrong_link():
    html = ('<a href="../../forward/" hreflang="en" class="md-select__link">'
            '<a href="./" hreflang="ja" class="md-select__link">')
    assert switcher(html, "ja/forward/") == {"en": "forward/", "ja": "ja/forward/"}
    assert switcher(html.replace("../../forward/", "../../"), "ja/forward/") == {"en": "", "ja": "ja/forward/"}
    assert twin_path("ja/forward/", "en") == "forward/" and twin_path("", "ja") == "ja/"
    with pytest.raises(AssertionError, match="not relative"):
        switcher(html.replace("../../forward/", "/forward/"), "ja/forward/")


IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]*figures/[^"/]+\.svg)"')
FIGURE_TEXT = re.compile(r'<p id="figure-text-[^"]+" lang="([\w-]+)">')


def test_each_language_shows_its_own_figures(build):
    """A page's figures are drawn in its language: / links figures/NAME.svg (English), /ja/ links
    ja/figures/NAME.svg (Japanese), and the figure in words under each says so with its lang."""
    from figlib.describe import svg_language

    shown = {}
    for path in site_build.source_pages():
        html = _html(build, path)
        locale = site_build.page_locale(path)
        home = "" if locale == i18n.default_language().locale else f"{locale}/"
        sources = IMG_SRC.findall(html)
        for src in sources:
            target = posixpath.normpath(urljoin("http://site/" + path, src)[len("http://site/"):])
            name = target.rsplit("/", 1)[1]
            assert target == f"{home}figures/{name}", f"{path}: {src} leads to {target}, not to {home}figures/"
            svg = (build.site_dir / target).read_text(encoding="utf-8")
            assert svg_language(svg) == locale, f"{path}: {target} is drawn in {svg_language(svg)}"
            shown.setdefault(locale, set()).add(name)
        assert FIGURE_TEXT.findall(html) == [locale] * len(sources), f"{path}: the figures in words' languages"
    assert set(shown) == {lang.locale for lang in i18n.languages()} and len(set(map(frozenset, shown.values()))) == 1
    assert not list(build.site_dir.rglob("*.ja.svg")), "a Japanese copy published under its source name"


def test_the_site_serves_what_figlib_draws_in_each_language(build):
    """The English figures are figlib's English drawing, byte for byte; the Japanese ones its Japanese drawing."""
    import figlib

    runs = figlib.Runs()
    for folder, language in (("figures", "en"), ("ja/figures", "ja")):
        drawn = figlib.build_all(runs, language=language)
        served = {p.name: p.read_text(encoding="utf-8") for p in (build.site_dir / folder).glob("*.svg")}
        assert set(served) == set(drawn), folder
        for name, svg in drawn.items():
            assert served[name] == svg, f"{folder}/{name} is not figlib's {language} drawing"

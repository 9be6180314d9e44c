"""The built site in two languages: every page is in both, and the switcher joins each pair.

Runs on the session's plain build (``tests/site_build.py``, shared with the link check); needs
no browser. The browser tests (``tests/browser/``) visit the Japanese pages like the English
ones: no outside request, no console error, math rendered, copy buttons.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urljoin

import pytest

from tests import i18n, site_build

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

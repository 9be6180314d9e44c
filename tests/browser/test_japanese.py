"""The Japanese edition in a real browser, offline: search, the language switcher, the fonts.

The per-page checks of ``test_offline_site.py`` (no outside request, no console error, math
rendered, copy buttons, first-load weight) and the axe checks of ``test_accessibility.py``
already visit every Japanese page: their page list is ``site_build.source_pages()``, which
holds ``ja/NAME/`` for every English page. This file checks what only a second language has.

* **Japanese search, offline.** Typed into the search box of ``/ja/``, each of 勾配, 損失関数,
  誤差逆伝播, 活性化関数 and 学習率 finds the chapter about it, and every result is a Japanese
  page: ``/ja/`` searches its own index (``docs/_hooks/i18n_glue.py`` splits the merged one),
  so English pages are not listed at all. The English home still searches English only.
* **The switcher both ways.** Clicking 日本語 on an English page opens its Japanese twin, and
  English there opens the English page again, with no request leaving the site.
* **Fonts.** The Japanese pages ask for the system's Japanese fonts (no web font: no font
  file is requested), and their text is laid out in one of them where the machine has one.
"""

from __future__ import annotations

import pytest

from tests import site_build
from tests.browser.visit import Visit

pytestmark = pytest.mark.browser

#: Each term, and the chapter whose page the search must list for it (its title or a heading
#: names the term).
TERMS = {
    "勾配": "ja/gradient-check/",       # 10. 勾配を確かめる
    "損失関数": "ja/loss/",             # 4. 損失関数とその導関数
    "誤差逆伝播": "ja/backprop/",       # 6. ネットワーク全体の誤差逆伝播
    "活性化関数": "ja/forward/",        # 2. ... 1つのノード：活性化関数
    "学習率": "ja/update/",             # 7. パラメーターの更新: 学習率 and gradient descent
}

#: Waits until the result list answers the query typed, in the page's own language (Material's
#: translations in ``__config``): "N件見つかりました", "何も見つかりませんでした", ...
RESULTS_SHOWN = """() => {
  const t = JSON.parse(document.getElementById('__config').textContent).translations;
  const meta = document.querySelector('.md-search-result__meta');
  if (!meta) return false;
  const text = meta.textContent.trim();
  const escape = s => s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');
  const other = new RegExp('^' + escape(t['search.result.other']).replace('#', '\\\\d+') + '$');
  return text === t['search.result.none'] || text === t['search.result.one'] || other.test(text);
}"""

RESULT_LINKS = """() => Array.from(document.querySelectorAll('.md-search-result__item a.md-search-result__link'))
                  .map(a => new URL(a.href).pathname)"""


def search(visit: Visit, query: str) -> list[str]:
    """Type ``query`` into the page's search box; the result links (paths), best first."""
    page = visit.page
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator('label[for="__search"]').first.click()
    box.fill("")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    # a Japanese word arrives whole, as from an input method's conversion: fill it, then a key
    # (Material's search answers key events; typing kana and kanji one by one sends none)
    box.fill(query)
    box.press("End")
    page.wait_for_function(RESULTS_SHOWN)
    return page.evaluate(RESULT_LINKS)


@pytest.fixture(scope="module")
def ja_home(browser, server):
    visit = Visit(browser, server.url("ja/"), server.origin)
    yield visit
    visit.close()


@pytest.mark.parametrize("term", list(TERMS))
def test_japanese_search_finds_the_chapter(ja_home, term):
    links = search(ja_home, term)
    chapter = TERMS[term]
    assert site_build.source_pages()[chapter].name.endswith(".ja.md"), f"{chapter} is not translated"
    pages = list(dict.fromkeys(links))
    rank = next((k for k, link in enumerate(pages, start=1) if link.startswith("/" + chapter)), None)
    print(f"\n{term}: {len(pages)} pages, /{chapter} is number {rank}; first {pages[:3]}")
    assert any(link.startswith("/" + chapter) for link in links), f"searching {term} does not find /{chapter}: {links}"
    english = [link for link in links if not link.startswith("/ja/")]
    assert not english, f"/ja/ search for {term} lists English pages: {english}"
    assert not ja_home.problems() and not ja_home.outside, ja_home.problems() + ja_home.outside


def test_english_search_lists_english_pages_only(browser, server):
    visit = Visit(browser, server.url(""), server.origin)
    try:
        links = search(visit, "gradient")
        assert links, "searching 'gradient' on the English home finds nothing"
        assert not [link for link in links if link.startswith("/ja/")], f"English search lists Japanese pages: {links}"
    finally:
        visit.close()


@pytest.mark.parametrize("path", ["forward/", "one-node/", ""], ids=site_build.page_id)
def test_the_switcher_leads_to_the_twin_and_back(browser, server, path):
    visit = Visit(browser, server.url(path), server.origin)
    try:
        page = visit.page
        for lang, expected in (("ja", "/ja/" + path), ("en", "/" + path)):
            page.locator(".md-header__option .md-select").first.hover()
            link = page.locator(f'a.md-select__link[hreflang="{lang}"]')
            link.click()
            page.wait_for_load_state("load")
            visit.settle()
            assert page.url == server.url(expected.lstrip("/")), f"{lang}: landed on {page.url}, not {expected}"
            assert page.evaluate("document.documentElement.lang") == lang
        assert not visit.problems() and not visit.outside, visit.problems() + visit.outside
    finally:
        visit.close()


FONTS = """() => {
  const probe = document.querySelector('article p');
  return {family: getComputedStyle(probe).fontFamily,
          fonts: Array.from(document.fonts).map(f => f.family)};
}"""


def test_japanese_pages_use_the_systems_japanese_fonts(browser, server):
    visit = Visit(browser, server.url("ja/forward/"), server.origin)
    try:
        found = visit.page.evaluate(FONTS)
        assert "Hiragino" in found["family"] and "Noto Sans CJK JP" in found["family"], found
        assert not found["fonts"], f"web fonts declared: {found['fonts']}"
        requested = [r.url for r in visit.requests if r.resource_type == "font"]
        assert not requested, f"font files requested: {requested}"
    finally:
        visit.close()
    english = Visit(browser, server.url("forward/"), server.origin)
    try:
        family = english.page.evaluate(FONTS)["family"]
        assert "Hiragino" not in family, f"the English pages take the Japanese stack: {family}"
    finally:
        english.close()


PLAYER_TEXT = """(root) => ({
  buttons: Array.from(root.querySelectorAll('button')).map(b => b.textContent),
  count: root.querySelector('.sn-count').textContent,
  say: root.querySelector('.sn-say').textContent,
  about: root.querySelector('.sn-about').textContent,
  options: Array.from(root.querySelectorAll('.sn-scenario option')).map(o => o.textContent),
  layers: Array.from(root.querySelectorAll('.sn-layer-name')).map(t => t.textContent),
})"""


def test_the_player_speaks_japanese_on_the_japanese_page(browser, server):
    """Its buttons, counter, sentences and scenario texts; the numbers are the trace's, as in English."""
    visit = Visit(browser, server.url("ja/player/"), server.origin)
    try:
        page = visit.page
        page.wait_for_selector('.sn-player[data-ready="true"]')
        root = page.locator(".sn-player")
        page.get_by_role("button", name="1つ進む").click()
        shown = root.evaluate(PLAYER_TEXT)
        assert "次へ ▶" in shown["buttons"] and "▶ 再生" in shown["buttons"], shown["buttons"]
        assert shown["count"].startswith("ステップ 2 / ") and "順伝播" in shown["count"], shown["count"]
        assert shown["say"].startswith("層 1、ノード 1：重み付き線形和 u = "), shown["say"]
        assert shown["options"][0] == "例 C" and "壊れた版" in shown["options"][-1], shown["options"]
        assert "誤差逆伝播法の章" in shown["about"], shown["about"]
        assert shown["layers"][0] == "入力", shown["layers"]
        english = [text for text in shown["buttons"] if any(word in text for word in ("Next", "Play", "Back"))]
        assert not english, f"English buttons on the Japanese player: {english}"
        assert not visit.problems() and not visit.outside, visit.problems() + visit.outside
    finally:
        visit.close()

"""The built site in a real browser, offline: every page, served on 127.0.0.1.

Each page is loaded once, in a fresh browser context, and every check of that page runs on
that load (pytest groups the tests by page). Requests leaving the site are recorded and
aborted. The pages are the Markdown files under ``docs/`` (``tests/test_site_links.py``
checks that they are exactly the HTML pages the build wrote).

Run only these: ``python -m pytest -m browser -s`` (``-s`` also prints the page weights).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from tests import site_build
from tests.browser import checks
from tests.browser.visit import TOTALS, Visit

pytestmark = pytest.mark.browser

PAGES = list(site_build.source_pages())
#: A chapter's first load, every asset included, is at most this many bytes (1.5 MB).
MAX_PAGE_BYTES = 1_500_000
#: Chapters screenshotted in light and dark (those that exist), into tests/artifacts/.
SCREENSHOT_PAGES = ["", "forward/", "one-node/", "api/", "ja/", "ja/forward/", "ja/one-node/", "ja/api/"]
#: The chapter on delta and the four steps: searching "delta" must find it.
DELTA_CHAPTER = "one-node/"

RAW_MATH = [
    (re.compile(r"\$\$"), "$$"),
    (re.compile(r"\\\("), r"\("),
    (re.compile(r"\\\)"), r"\)"),
    (re.compile(r"\\\["), r"\["),
    (re.compile(r"\\\]"), r"\]"),
    (re.compile(r"\\(begin|end)\{"), r"\begin{"),
    # $...$ around a LaTeX command, superscript or subscript: inline math left as text
    (re.compile(r"(?<![\\$])\$[^\s$][^$\n]{0,200}?(\\[A-Za-z]+|[\^_])[^$\n]{0,200}?\$"), "$...$"),
]


#: Read the clipboard; once it no longer holds this block's sentinel, put the next block's
#: there (one round trip per block instead of two).
READ_THEN_ARM = """async ([sentinel, next]) => {
  const text = await navigator.clipboard.readText();
  if (text !== sentinel && next !== null) await navigator.clipboard.writeText(next);
  return text;
}"""


@pytest.fixture(scope="module", params=PAGES, ids=site_build.page_id)
def visit(request, browser, server):
    """The page, loaded once in its own context (light palette, clipboard allowed)."""
    loaded = Visit(
        browser,
        server.url(request.param),
        server.origin,
        permissions=["clipboard-read", "clipboard-write"],
    )
    loaded.path = request.param
    yield loaded
    loaded.close()


def _context(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 50) : match.end() + 50].replace("\n", " ")


# ------------------------------------------------------------------------ per page, in order


@pytest.mark.parametrize("visit", [
    path if path in PAGES else pytest.param(path, marks=pytest.mark.skip(reason=f"no page {path} in docs/"))
    for path in SCREENSHOT_PAGES], indirect=True, ids=site_build.page_id)
def test_screenshots_light_and_dark(visit, artifacts):
    """Full-page screenshots for a person to look at: tests/artifacts/screenshots/PAGE-{light,dark}.png.

    Taken on the page's own load (the ``visit`` the other tests of the page share), first,
    as a reader sees it: no details opened yet, in the palette it opens in.
    """
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    name = site_build.page_id(visit.path).replace("/", "-")  # ja/forward -> ja-forward
    page = visit.page
    opened = page.evaluate(checks.PALETTE)
    assert opened["scheme"] == "default", f"the page does not open in the light palette: {opened}"
    page.screenshot(path=folder / f"{name}-light.png", full_page=True, animations="disabled")
    checks.switch_palette(page, "slate")
    page.screenshot(path=folder / f"{name}-dark.png", full_page=True, animations="disabled")
    back = checks.switch_palette(page, "default")
    assert back["background"] == opened["background"], f"switching back did not restore the light palette: {back}"
    assert not visit.problems() and not visit.outside, visit.problems() + visit.outside


def test_first_load_weight(visit):
    weight = visit.first_load_bytes()
    TOTALS.weights[visit.path or "/"] = weight
    print(f"\n{visit.path or '/'}: first load {weight:,} bytes in {len(visit.load_requests)} requests")
    assert weight > 0
    assert weight <= MAX_PAGE_BYTES, f"first load of {visit.url} is {weight:,} bytes > {MAX_PAGE_BYTES:,}"


def test_math_is_rendered(visit, root_build):
    page = visit.page
    page.evaluate(checks.OPEN_ALL_DETAILS)
    text = page.evaluate(checks.PAGE_TEXT)
    raw = [f"{label!r} in …{_context(text, m)}…" for pattern, label in RAW_MATH for m in pattern.finditer(text)]
    assert not raw, "raw LaTeX left in the page's text:\n" + "\n".join(raw)
    math = page.evaluate(checks.MATH_ELEMENTS)
    assert not math["unconverted"], f"arithmatex elements without MathML: {math['unconverted']}"
    assert not math["unsized"], f"math elements the browser did not render (zero size): {math['unsized']}"
    if site_build.has_math(root_build.sources.get(visit.path, "")):
        assert math["count"] > 0, (
            f"the Markdown of {visit.path or 'index'} has math, but the page has no <math> element")


def test_headings(visit):
    headings = visit.page.evaluate(checks.HEADINGS)
    outline = "\n".join(f"{'  ' * (level - 1)}h{level} {text} (#{id_})" for level, id_, text in headings)
    h1 = [h for h in headings if h[0] == 1]
    assert len(h1) == 1, f"{len(h1)} h1 in the article (want exactly one):\n{outline}"
    assert headings[0][0] == 1, f"the article does not start with its h1:\n{outline}"
    skips = [
        f"h{previous[0]} {previous[2]!r} -> h{current[0]} {current[2]!r}"
        for previous, current in zip(headings, headings[1:])
        if current[0] > previous[0] + 1
    ]
    assert not skips, "skipped heading levels:\n" + "\n".join(skips) + f"\noutline:\n{outline}"


def test_images_have_text_alternatives(visit):
    found = visit.page.evaluate(checks.TEXT_ALTERNATIVES, checks.ICON_CONTAINERS)
    missing = [f"img without alt text: {image['what']}" for image in found["images"] if not image["label"]]
    missing += [f"svg without title or aria-label: {svg['what']}" for svg in found["svgs"] if not svg["label"]]
    missing += [f"figure svg hidden from screen readers: {svg['what']}" for svg in found["svgs"] if svg["hidden"]]
    assert not missing, "\n".join(missing)


def test_every_code_block_has_a_working_copy_button(visit):
    page = visit.page
    page.evaluate(checks.OPEN_ALL_DETAILS)
    blocks = page.evaluate(checks.CODE_BLOCKS)
    without = [f"#{b['id'] or b['index']} (in #{b['where']})" for b in blocks if not b["hasButton"]]
    assert not without, f"code blocks without a copy button: {without}"
    wrong = []

    def sentinel(n: int) -> str | None:
        return f"(clipboard before copying block {blocks[n]['index']})" if n < len(blocks) else None

    if blocks:
        page.evaluate("text => navigator.clipboard.writeText(text)", sentinel(0))
    for n, block in enumerate(blocks):
        # force: no wait for the button to stop moving; a button under something else still
        # gets no click (the click lands on what covers it) and the clipboard keeps the sentinel
        page.locator(f'[data-test-copy="{block["index"]}"]').click(force=True)
        copied = sentinel(n)
        deadline = time.monotonic() + 15
        while copied == sentinel(n) and time.monotonic() < deadline:
            copied = page.evaluate(READ_THEN_ARM, [sentinel(n), sentinel(n + 1)])
            if copied == sentinel(n):
                page.wait_for_timeout(50)
        expected = block["text"].rstrip("\n")
        if copied.rstrip("\n") != expected:
            wrong.append(
                f"block #{block['id'] or block['index']} (in #{block['where']}): copied {copied[:120]!r}, "
                f"shows {expected[:120]!r}"
            )
    assert not wrong, f"{len(wrong)} of {len(blocks)} copy buttons copy the wrong text:\n" + "\n".join(wrong)


def _check_figures(visit, palette: str) -> list[str]:
    page = visit.page
    page.evaluate(checks.OPEN_ALL_DETAILS)
    # lazy images load when scrolled near: load them all now, whatever the tests before did
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_function("() => Array.from(document.images).every(img => img.complete)")
    problems = []
    for figure in page.evaluate(checks.FIGURES, checks.ICON_CONTAINERS):
        name = f"{palette}: {figure['tag']} {figure['name']}"
        if not figure["visible"] or not figure["width"] > 0 or not figure["height"] > 0:
            problems.append(f"{name}: not visible ({figure['width']}x{figure['height']}, visible={figure['visible']})")
            continue
        if not figure["loaded"]:
            problems.append(f"{name}: image did not load")
            continue
        png = page.locator(f'[data-test-figure="{figure["index"]}"]').screenshot(animations="disabled")
        contrast = checks.contrast_of(page, png)
        if contrast["share"] < checks.MIN_CONTRASTING_SHARE:
            problems.append(
                f"{name}: unreadable, only {contrast['share']:.2%} of its pixels contrast 3:1 with its "
                f"background (luminance {contrast['background']:.2f}); want at least {checks.MIN_CONTRASTING_SHARE:.1%}"
            )
    return problems


def test_dark_mode_switches_palettes_and_figures_stay_readable(visit):
    page = visit.page
    light = page.evaluate(checks.PALETTE)
    assert light["scheme"] == "default", f"the page does not open in the light palette: {light}"
    problems = _check_figures(visit, "light")
    dark = checks.switch_palette(page, "slate")
    assert checks.luminance(dark["background"]) < checks.luminance(light["background"]) / 4, (
        f"the dark palette did not darken the page: light {light}, dark {dark}"
    )
    problems += _check_figures(visit, "dark")
    back = checks.switch_palette(page, "default")
    assert back["background"] == light["background"], f"switching back did not restore the light palette: {back}"
    assert not problems, "\n".join(problems)


def test_no_errors_and_no_failed_requests(visit):
    """Console errors, page errors and failed requests, over the load and every check above."""
    visit.settle()
    assert not visit.problems(), f"{visit.url}:\n" + "\n".join(visit.problems())


def test_no_request_leaves_the_site(visit):
    visit.settle()
    assert visit.requests, "no request was recorded at all: the recorder is broken"
    assert not visit.outside, (
        f"{visit.url} requested {len(visit.outside)} URL(s) outside {visit.origin}: {visit.outside}")


# ------------------------------------------------------------------------------ site-wide


@pytest.fixture(scope="module")
def home(browser, server):
    """The home page, loaded once for both search tests."""
    visit = Visit(browser, server.url(""), server.origin)
    yield visit
    visit.close()


def _search(visit: Visit, query: str) -> list[str]:
    """Type ``query`` into the search box of the page; the result links (paths)."""
    page = visit.page
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow layouts hide the box behind the header's search button
        page.locator('label[for="__search"]').first.click()
    box.fill("")
    page.wait_for_function(  # an empty box: no results of an earlier query are left to read
        """() => { const meta = document.querySelector('.md-search-result__meta');
                   return !meta || /^\\s*(Initializing|Type to start)/i.test(meta.textContent); }"""
    )
    box.press_sequentially(query, delay=50)
    page.wait_for_function(
        """() => { const meta = document.querySelector('.md-search-result__meta');
                   return meta && !/^\\s*(Initializing|Type to start)/i.test(meta.textContent); }"""
    )
    links = page.evaluate(
        """() => Array.from(document.querySelectorAll('.md-search-result__item a.md-search-result__link'))
                 .map(a => new URL(a.href).pathname)"""
    )
    return links


def test_search_finds_the_delta_chapter(home):
    links = _search(home, "delta")
    assert not home.problems() and not home.outside, home.problems() + home.outside
    target = site_build.source_pages().get(DELTA_CHAPTER)
    assert target is not None, f"docs/ has no page at {DELTA_CHAPTER}: where is the chapter on delta?"
    found = [link for link in links if link.startswith("/" + DELTA_CHAPTER)]
    if not found and "STUB" in target.read_text(encoding="utf-8"):
        pytest.xfail(f"{target.name} is still a STUB; search for 'delta' gave {links}")
    assert found, f"searching 'delta' does not find {DELTA_CHAPTER}; results: {links}"


def test_search_works(home):
    """Search itself: a word of the forward-propagation chapter's title finds that chapter."""
    links = _search(home, "forward")
    assert not home.problems() and not home.outside, home.problems() + home.outside
    assert any(link.startswith("/forward/") for link in links), f"search 'forward' results: {links}"


# ------------------------------------------------------------------------------ portability


@pytest.mark.parametrize("path", ["", "forward/", "api/"], ids=site_build.page_id)
def test_site_works_under_a_sub_path(browser, subpath_server, path):
    """Built with ``site_url`` ending in /sub/path/ and served only there."""
    visit = Visit(browser, subpath_server.url(path), subpath_server.origin)
    try:
        assert not visit.problems(), "\n".join(visit.problems())
        assert not visit.outside, f"requests outside the site: {visit.outside}"
        prefix = subpath_server.origin + subpath_server.prefix
        stray = [r.url for r in visit.requests
                 if r.url.startswith(subpath_server.origin) and not r.url.startswith(prefix)]
        assert not stray, f"requests outside {subpath_server.prefix}: {stray}"
        # follow the footer's "Next" link: navigation stays under the sub-path too
        following = visit.page.locator("a.md-footer__link--next")
        if following.count():
            following.first.click()
            visit.page.wait_for_load_state("load")
            visit.settle()
            assert visit.page.url.startswith(prefix), f"'Next' left the sub-path: {visit.page.url}"
            assert not visit.problems(), "\n".join(visit.problems())
    finally:
        visit.close()


def test_site_works_served_by_python_http_server(browser, root_build):
    """The build as a plain folder, served by ``python -m http.server`` itself."""
    command = [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
               "--directory", str(root_build.site_dir)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        banner = process.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ..."
        port = re.search(r"port (\d+)", banner)
        assert port, f"python -m http.server did not start: {banner!r}"
        origin = f"http://127.0.0.1:{port.group(1)}"
        for path in ["", "forward/"]:
            visit = Visit(browser, f"{origin}/{path}", origin)
            try:
                assert not visit.problems(), "\n".join(visit.problems())
                assert not visit.outside, f"requests outside the site: {visit.outside}"
            finally:
                visit.close()
    finally:
        process.terminate()
        process.wait(timeout=30)

"""Accessibility of the built site: WCAG 2.1 AA, in the light and the dark palette.

* **axe-core** (bundled by the PyPI package ``axe-playwright-python``) on every page the
  build wrote, in both palettes. The pages are found by walking the built site's HTML, not
  ``docs/``, so another language edition (``/ja/...``) is checked as soon as the build
  writes it. A serious or critical violation fails, and the message names the rule, the
  page, the palette and the element; moderate and minor ones are printed (``-s``) and
  saved to ``tests/artifacts/axe.json``, except :data:`ALWAYS_FAIL`, which fail too.
* **A phone-sized screen**, where far more regions scroll: each one is reachable by Tab
  (checked on the same visit, with the window narrowed: one load per page serves every
  check that walks the whole site).
* **Keyboard only**: a walk through a chapter (skip link, a visible focus ring at every
  stop, every scrolling region reached and scrolled with the arrow keys, a solution opened
  with Enter) and through the step-through player (stepped, jumped and played by keys).
* **Figures**: text at 4.5:1 and meaningful graphics at 3:1 on the figure's own
  backgrounds, in both palettes (the dark one dims figures, see figures.css); each figure's
  description on the page says every number the figure shows. Every language's drawing is
  checked (``figures/`` and ``ja/figures/``), each against the pages that show it.
* **MathML** stays MathML for assistive technology; the search dialog has a name, from a
  template override that is Material's partial but for that name.

Run only these: ``python -m pytest -m browser -k accessibility -s``. Fixtures (``browser``,
``server``, ``root_build``, ``artifacts``) come from tests/browser/conftest.py: one build,
one server and one Chromium for the whole session.
"""

from __future__ import annotations

import difflib
import html.parser
import json
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from tests import site_build
from tests.browser import checks
from tests.browser.visit import Visit

ROOT = site_build.ROOT
sys.path.insert(0, str(ROOT / "docs" / "_hooks"))

#: axe-core's rule tags: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAIL_IMPACTS = {"serious", "critical"}
#: Rules that fail at any impact: the site fixed them once and keeps them fixed.
ALWAYS_FAIL = {"landmark-unique", "aria-dialog-name", "scrollable-region-focusable", "link-in-text-block"}
PALETTES = {"light": "default", "dark": "slate"}
PHONE = {"width": 360, "height": 740}
#: The chapter the keyboard walk goes through: on a phone its code, a formula and the embedded
#: player's code pane scroll; it has figures, links and solutions.
WALK_CHAPTER = "backprop/"
PLAYER_PAGE = "player/"
MAX_TABS = 600

READY = """() => Array.from(document.querySelectorAll('.sn-player')).every(p => p.dataset.ready === 'true')"""
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail("axe-playwright-python is not installed: pip install -e '.[test]'", pytrace=False)
    return Axe()


def _site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site (every language edition), and its 404 page."""
    pages = site_build.built_pages(site_dir)
    return pages + (["404.html"] if (site_dir / "404.html").exists() else [])


def _prepare(page) -> None:
    """Open every <details> (solutions, figure texts), let the player and a11y.js settle."""
    page.evaluate(checks.OPEN_ALL_DETAILS)
    page.wait_for_function(READY)
    page.evaluate(TWO_FRAMES)


def _run_axe(axe, page, rules=None) -> list[dict]:
    if rules:
        options = {"runOnly": {"type": "rule", "values": list(rules)}, "resultTypes": ["violations"]}
    else:
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return axe.run(page, options=options).response["violations"]


def _findings(violations: list[dict], page_path: str, palette: str) -> list[dict]:
    found = []
    for rule in violations:
        for node in rule["nodes"]:
            found.append({
                "palette": palette, "page": page_path or "/", "rule": rule["id"],
                "impact": node.get("impact") or rule.get("impact") or "?",
                "element": " ".join(str(t) for t in node["target"]),
                "html": node.get("html", "")[:160],
                "why": " ".join((node.get("failureSummary") or rule["help"]).split())[:300],
            })
    return found


def _failing(finding: dict) -> bool:
    return finding["impact"] in FAIL_IMPACTS or finding["rule"] in ALWAYS_FAIL


def _report(findings: list[dict], limit: int = 120) -> str:
    counts = Counter((f["rule"], f["impact"]) for f in findings)
    lines = [f"{n:4d} x {rule} ({impact})" for (rule, impact), n in counts.most_common()]
    lines += [f"[{f['palette']}] {f['page']}: {f['rule']} ({f['impact']}) at {f['element']}\n"
              f"      {f['html']}\n      {f['why']}" for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more (tests/artifacts/axe.json)")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------- axe-core


@pytest.fixture(scope="module")
def axe_report(browser, server, root_build, artifacts):
    """One visit per page of the built site, shared by every check that walks all pages.

    On each page: its skip link and (where the page has math) its MathML, then axe-core in
    the light palette, the toggle, axe-core in the dark palette, and last the window narrowed
    to a phone's width, where a11y.js re-checks which regions scroll (as it does for a reader
    who narrows the window or turns a tablet) and axe's rule for scrolling regions runs. One
    load per page instead of three; every check is the one each test made on its own load.
    """
    axe = _axe()
    pages = _site_pages(root_build.site_dir)
    math_pages = {p for p, text in root_build.sources.items() if site_build.has_math(text)}
    findings, checked, skip_links = [], [], {}
    phone_findings, made_focusable, math = [], Counter(), {}
    for path in pages:
        visit = Visit(browser, server.url(path), server.origin)
        try:
            page = visit.page
            _prepare(page)
            skip_links[path] = page.evaluate(SKIP_LINK)
            if path in math_pages:
                math[path] = _math_semantics(page)
            for palette, scheme in PALETTES.items():
                if page.evaluate(checks.PALETTE)["scheme"] != scheme:
                    checks.switch_palette(page, scheme)
                    page.evaluate(TWO_FRAMES)
                findings += _findings(_run_axe(axe, page), path, palette)
                checked.append((path, palette, page.evaluate(checks.PALETTE)["scheme"]))
            page.set_viewport_size(PHONE)
            page.wait_for_function(f"() => innerWidth === {PHONE['width']}")
            page.evaluate(TWO_FRAMES)  # a11y.js re-checks on the next frame after a resize
            page.evaluate(TWO_FRAMES)
            phone_findings += _findings(_run_axe(axe, page, rules=["scrollable-region-focusable"]), path, "phone")
            made_focusable.update(page.evaluate(
                "() => Array.from(document.querySelectorAll('[data-sn-a11y]'))"
                ".map(e => e.getAttribute('aria-label') || e.tagName)"))
        finally:
            visit.close()
    (artifacts / "axe.json").write_text(json.dumps(findings, indent=1, ensure_ascii=False) + "\n")
    version = re.search(r"axe v([\d.]+)", axe.axe_script)
    print(f"\naxe-core {version.group(1) if version else '?'} on {len(pages)} pages x {len(PALETTES)} palettes:")
    print(_report(findings, limit=0) or "no violations at all")
    return {"findings": findings, "checked": checked, "pages": pages, "skip_links": skip_links,
            "phone": phone_findings, "made_focusable": made_focusable, "math": math, "math_pages": math_pages}


@pytest.mark.browser
def test_axe_checks_every_page_of_the_site_in_both_palettes(axe_report):
    pages = axe_report["pages"]
    missing = [p for p in site_build.source_pages() if p not in pages]
    assert not missing, f"pages of docs/ the axe run did not find in the built site: {missing}"
    expected = [(path, palette, scheme) for path in pages for palette, scheme in PALETTES.items()]
    assert axe_report["checked"] == expected, "a page was not checked in the palette it should have been"


#: Material's "Skip to content" link: the first link of the page, to an element of the article.
SKIP_LINK = """() => {
  const first = document.querySelector('a[href]');
  const skip = document.querySelector('a.md-skip');
  const target = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
  return {first: !!skip && first === skip, text: skip ? skip.textContent.trim() : null,
          intoArticle: !!(target && target.closest('article'))};
}"""


@pytest.mark.browser
def test_every_page_starts_with_a_skip_link(axe_report):
    """WCAG 2.4.1: the first link skips the header and the navigation, into the chapter (404 excepted)."""
    wrong = {path or "/": found for path, found in axe_report["skip_links"].items()
             if path != "404.html" and not (found["first"] and found["intoArticle"] and found["text"])}
    assert not wrong, f"pages without a working skip link first: {wrong}"


@pytest.mark.browser
@pytest.mark.parametrize("palette", PALETTES)
def test_axe_finds_no_serious_violation(axe_report, palette):
    findings = [f for f in axe_report["findings"] if f["palette"] == palette]
    failing = [f for f in findings if _failing(f)]
    assert not failing, (
        f"axe-core, {palette} palette: {len(failing)} violations (serious or critical, or of "
        f"{sorted(ALWAYS_FAIL)}):\n" + _report(failing)
    )


PLANTED = """() => {
  const p = document.createElement('p');
  p.id = 'planted';
  p.innerHTML = '<span style="color:#b0b0b0;background:#fff">too pale to read</span>. A sentence of '
    + 'ordinary text, long enough to be a block of text, with <a href="#x" style="color:#333;'
    + 'text-decoration:none">a link</a> that only its colour tells apart from the words around it.';
  document.querySelector('article').appendChild(p);
}"""


@pytest.mark.browser
def test_axe_reports_a_planted_violation(browser, server):
    """The harness itself: a pale span and a link that looks like text are reported and fail."""
    axe = _axe()
    visit = Visit(browser, server.url(""), server.origin)
    try:
        visit.page.evaluate(PLANTED)
        found = _findings(_run_axe(axe, visit.page), "", "light")
    finally:
        visit.close()
    planted = {(f["rule"], f["impact"]) for f in found if "#planted" in f["element"]}
    assert ("color-contrast", "serious") in planted, _report(found)
    assert any(_failing(f) and f["rule"] == "link-in-text-block" for f in found), _report(found)


@pytest.mark.browser
def test_scrolling_regions_reachable_on_a_phone(axe_report):
    """At 360 px code blocks, tables and formulas scroll sideways: each must take the focus."""
    findings, made_focusable = axe_report["phone"], axe_report["made_focusable"]
    print(f"\nregions a11y.js made focusable on a phone: {dict(made_focusable)}")
    assert not findings, "scrolling regions a keyboard cannot reach:\n" + _report(findings)
    # not vacuous: at this width the site has wide tables and code that only a11y.js makes reachable
    assert sum(made_focusable.values()) > 0, "a11y.js made no region focusable: is it loaded?"


# ------------------------------------------------------------------------------- keyboard

#: The focused element, where it is, and what shows that it has the focus.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const scroller = el.closest('[data-test-scroll]');
  return {
    tag: el.tagName.toLowerCase(), cls: el.className && el.className.baseVal === undefined ? el.className : '',
    text: (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50),
    inArticle: !!el.closest('article'), inContent: !!el.closest('.md-content'),
    inPlayer: !!el.closest('.sn-player'), action: el.dataset ? (el.dataset.action || '') : '',
    isPlayer: el.classList.contains('sn-player'), isCode: el.classList.contains('sn-code'),
    scroll: el.hasAttribute('data-test-scroll') ? el.getAttribute('data-test-scroll') : null,
    tabindex: el.getAttribute('tabindex'),
    inScroll: scroller ? scroller.getAttribute('data-test-scroll') : null,
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    opacity: Number(style.opacity), visible: box.width > 0 && box.height > 0,
    inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    background: getComputedStyle(document.body).backgroundColor,
  };
}"""

#: Mark every region of the article that scrolls (data-test-scroll=N); describe them.
SCROLL_REGIONS = """() => Array.from(document.querySelectorAll('article *')).filter(el => {
    const s = getComputedStyle(el);
    const x = /(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const y = /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    return (x || y) && el.checkVisibility({visibilityProperty: true});   // not inside a closed <details>
  }).map((el, i) => {
    el.setAttribute('data-test-scroll', String(i));
    return {index: String(i), tag: el.tagName.toLowerCase(), cls: String(el.className || ''),
            wide: el.scrollWidth > el.clientWidth + 1};
  })"""


def _focus_problems(stop: dict) -> list[str]:
    """What is wrong with how the focused element shows its focus (WCAG 2.4.7, 1.4.11)."""
    where = f"{stop['tag']}.{stop['cls']} {stop['text']!r}"
    ring = stop["outlineStyle"] != "none" and stop["outlineWidth"] >= 1
    if not stop["visible"] or not stop["inView"]:
        return [f"{where}: has the focus but is not on screen"]
    if not ring and stop["boxShadow"] in ("", "none"):
        return [f"{where}: no visible focus indicator (outline {stop['outlineStyle']} {stop['outlineWidth']}px)"]
    if ring and stop["outlineStyle"] != "auto":
        ratio = _ratio(checks.luminance(stop["outlineColor"]), checks.luminance(stop["background"]))
        if ratio < 3:
            return [f"{where}: focus ring {stop['outlineColor']} only {ratio:.2f}:1 on the page"]
    return []


def _ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@pytest.mark.browser
def test_keyboard_walk_through_a_chapter(browser, server):
    """Tab from the top: the skip link, then every control and scrolling region of the chapter."""
    visit = Visit(browser, server.url(WALK_CHAPTER), server.origin, viewport=PHONE)
    page = visit.page
    try:
        page.evaluate(TWO_FRAMES)
        regions = page.evaluate(SCROLL_REGIONS)
        assert any(r["wide"] for r in regions), f"{WALK_CHAPTER} has no wide region on a phone: the walk checks nothing"
        controls = page.evaluate(
            "() => Array.from(document.querySelectorAll('article :is(a[href], button, summary, select, input)'))"
            ".filter(el => el.tabIndex >= 0 && el.checkVisibility({visibilityProperty: true})).length"
        )
        # 1. the first Tab lands on the skip link, which shows itself
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        assert first and "md-skip" in first["cls"], f"the first Tab does not reach the skip link: {first}"
        page.wait_for_timeout(300)     # Material fades it in
        first = page.evaluate(FOCUSED)
        assert first["opacity"] == 1 and first["inView"], f"the focused skip link is not visible: {first}"
        problems = _focus_problems(first)
        # 2. Enter skips the header and the navigation: the next Tab is in the chapter
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        assert stop and stop["inContent"], f"after the skip link, Tab goes to {stop}, not into the chapter"
        # 3. Tab through the whole chapter
        stops, scrolled, opened = [], {}, False
        for _ in range(MAX_TABS):
            if not stop or not stop["inContent"]:
                break
            stops.append(stop)
            problems += _focus_problems(stop)
            region = stop["scroll"]
            if region is not None and stop["tabindex"] is None:
                # Chromium focuses any scroller by itself; other browsers need the tabindex
                problems.append(f"scrolling region {stop['tag']}.{stop['cls']} is focusable only in Chromium: "
                                "no tabindex")
            if region is not None and region not in scrolled:
                wide = next(r for r in regions if r["index"] == region)["wide"]
                key, prop = ("ArrowRight", "scrollLeft") if wide else ("ArrowDown", "scrollTop")
                before = page.evaluate(f"() => document.activeElement.{prop}")
                for _ in range(4):
                    page.keyboard.press(key)
                page.wait_for_timeout(150)     # smooth scrolling
                scrolled[region] = page.evaluate(f"() => document.activeElement.{prop}") > before
            if stop["tag"] == "summary" and not opened:
                was_open = page.evaluate("() => document.activeElement.parentElement.open")
                page.keyboard.press("Enter")
                opened = page.evaluate("() => document.activeElement.parentElement.open") != was_open
                page.evaluate(TWO_FRAMES)
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUSED)
        reached = {s["scroll"] for s in stops if s["scroll"] is not None}
        reached |= {s["inScroll"] for s in stops if s["inScroll"]}
        unreached = [r for r in regions if r["index"] not in reached]
        print(f"\nkeyboard walk through {WALK_CHAPTER}: {len(stops)} stops, {len(regions)} scrolling regions, "
              f"{len(scrolled)} scrolled by keys, a <details> opened by Enter: {opened}")
        assert not unreached, f"scrolling regions Tab never reached: {unreached}"
        assert scrolled and all(scrolled.values()), f"regions the arrow keys did not scroll: {scrolled}"
        assert opened, "no <summary> on the walk, or Enter did not open it"
        assert len([s for s in stops if s["inArticle"]]) >= controls, (
            f"{len(stops)} stops in the chapter, fewer than its {controls} links, buttons and summaries")
        assert not problems, "keyboard problems:\n" + "\n".join(problems)
        assert not visit.problems(), visit.problems()
    finally:
        visit.close()


@pytest.mark.browser
def test_keyboard_walk_through_the_player(browser, server):
    """Tab to the player, step it with the keys, Tab through every control; all by keyboard."""
    visit = Visit(browser, server.url(PLAYER_PAGE), server.origin)
    page = visit.page
    try:
        page.wait_for_function(READY)
        step = lambda: int(page.locator(".sn-player").get_attribute("data-step"))  # noqa: E731
        buttons = page.locator(".sn-player button[data-action]")
        actions = set(buttons.evaluate_all("bs => bs.map(b => b.dataset.action)"))
        stop = None
        for _ in range(80):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUSED)
            if stop and stop["inPlayer"]:
                break
        assert stop and stop["isPlayer"], f"Tab does not reach the player itself: {stop}"
        problems = _focus_problems(stop)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert step() == 2, "→ on the focused player does not step forward"
        page.keyboard.press("End")
        last = step()
        page.keyboard.press("Home")
        assert step() == 0 and last > 0, "Home and End do not jump"
        reached, on_code = set(), False
        for _ in range(60):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUSED)
            if not stop or not stop["inPlayer"]:
                break
            problems += _focus_problems(stop)
            if stop["action"]:
                reached.add(stop["action"])
            if stop["action"] == "next":
                before = step()
                page.keyboard.press("Enter")
                assert step() == before + 1, "Enter on 'Next' does not step"
            if stop["tag"] == "input":                      # the slider
                before = step()
                page.keyboard.press("ArrowRight")
                assert step() == before + 1, "→ on the slider does not step"
            if stop["isCode"]:
                on_code = True
                before = step()
                pane = page.locator(".sn-code")
                assert pane.evaluate("p => p.scrollWidth > p.clientWidth || p.scrollHeight > p.clientHeight"), \
                    "the code pane does not scroll at this size: nothing to check"
                start = pane.evaluate("p => [p.scrollLeft, p.scrollTop]")
                for key in ("ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown"):
                    page.keyboard.press(key)
                page.wait_for_timeout(150)
                assert pane.evaluate("p => [p.scrollLeft, p.scrollTop]") != start, \
                    "the arrow keys do not scroll the code pane"
                assert step() == before, "the arrow keys in the code pane stepped the player"
        assert actions <= reached, f"buttons Tab never reached: {sorted(actions - reached)}"
        assert on_code, "Tab never reached the code pane"
        assert not problems, "keyboard problems:\n" + "\n".join(problems)
        assert not visit.problems(), visit.problems()
    finally:
        visit.close()


# ------------------------------------------------------------------------------ MathML, names


def _math_semantics(page) -> dict:
    """How many ``<math>`` the article has, how many are hidden or relabelled, and how many
    math nodes Chromium's accessibility tree has (``queryAXTree`` by role: the whole tree of
    a long page is slow to fetch)."""
    count = page.evaluate("() => document.querySelectorAll('article math').length")
    hidden = page.evaluate(
        "() => Array.from(document.querySelectorAll('article math')).filter(m => "
        "m.closest('[aria-hidden=true], [role=img], [role=presentation], [role=none]')"
        " || m.hasAttribute('aria-label') || m.hasAttribute('role')).length")
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = {}  # one AX node may answer to both role names (Chromium has said "math", now "MathMLMath")
        for role in ("math", "MathMLMath"):
            for node in cdp.send("Accessibility.queryAXTree", {"nodeId": root, "role": role})["nodes"]:
                if not node.get("ignored"):
                    found[node["nodeId"]] = node
    finally:
        cdp.detach()
    return {"count": count, "hidden": hidden, "in_tree": len(found)}


@pytest.mark.browser
def test_math_keeps_its_mathml_semantics(axe_report):
    """Every <math> of a page with math is a MathML math node in Chromium's accessibility tree."""
    assert axe_report["math_pages"], "no page has math"
    assert set(axe_report["math"]) == axe_report["math_pages"], "a page with math was not checked"
    wrong = {path: seen for path, seen in axe_report["math"].items()
             if not (seen["count"] > 0 and seen["in_tree"] == seen["count"] and not seen["hidden"])}
    assert not wrong, f"pages whose <math> elements are not all math nodes, or are hidden or relabelled: {wrong}"


@pytest.mark.browser
def test_search_dialog_and_landmarks_have_names(browser, server):
    visit = Visit(browser, server.url("forward/"), server.origin)
    try:
        page = visit.page
        page.evaluate(TWO_FRAMES)
        dialog = page.locator('.md-search[role="dialog"]')
        assert dialog.get_attribute("aria-label") == "Search"
        names = page.evaluate(
            "() => Array.from(document.querySelectorAll('nav, [role=navigation], [role=search], [role=region], aside'))"
            ".filter(el => el.getClientRects().length > 0)"
            ".map(el => el.tagName + ':' + (el.getAttribute('aria-label') || ''))")
        navs = [n for n in names if n.startswith("NAV")]
        assert len(navs) == len(set(navs)), f"navigation landmarks without a name of their own: {Counter(navs)}"
    finally:
        visit.close()


def test_template_override_is_materials_partial_but_for_the_dialogs_name():
    """When Material changes partials/search.html, copy it again: this fails until then."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    strip = lambda text: re.sub(r"^\{#-.*?-#\}\s*", "", text, flags=re.S)  # noqa: E731 (the header comments)
    diff = [line for line in difflib.unified_diff(strip(theirs).splitlines(), strip(ours).splitlines(), lineterm="")
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == [
        '-<div class="md-search" data-md-component="search" role="dialog">',
        '+<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ], ("overrides/partials/search.html differs from Material's partial by more than the dialog's name:\n"
        + "\n".join(diff))


# ----------------------------------------------------------------------------------- figures

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d+\.\d+(?:e[-+]?\d+)?|\d+e[-+]?\d+)(?!\w)")
NAMED = {"white": "#ffffff", "black": "#000000"}


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = NAMED.get(colour.strip().lower(), colour.strip().lower())
    match = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", colour)
    assert match, f"a figure colour this test cannot read: {colour!r} (write it as #rrggbb)"
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))


def _lum(rgb) -> float:
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def _over(rgb, alpha, background):
    return tuple(c * alpha + b * (1 - alpha) for c, b in zip(rgb, background))


def _dark_dimming() -> float:
    """figures.css dims the figures in the dark palette with filter: brightness(F): F."""
    css = (ROOT / "docs" / "assets" / "figures.css").read_text(encoding="utf-8")
    dark = re.search(r'\[data-md-color-scheme="slate"\][^{]*figures/[^{]*\{([^}]*)\}', css)
    found = re.search(r"brightness\(([\d.]+)\)", dark.group(1)) if dark else None
    return float(found.group(1)) if found else 1.0


def _styles(el) -> dict:
    out = {k: v for k, v in el.attrib.items() if k in ("fill", "stroke", "opacity", "fill-opacity", "stroke-opacity")}
    for part in el.attrib.get("style", "").split(";"):
        if ":" in part:
            key, value = (s.strip() for s in part.split(":", 1))
            if key in ("fill", "stroke", "opacity", "fill-opacity", "stroke-opacity"):
                out[key] = value
    return out


def _paint(svg_text: str):
    """Every painted thing of an SVG: (kind, colour, alpha, element), kind 'text', 'fill' or 'stroke'."""
    root = ET.fromstring(svg_text.encode())
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    painted = []

    def walk(el, inherited):
        tag = el.tag.replace(SVG, "")
        if tag in ("title", "desc", "defs", "clipPath", "mask", "metadata", "style"):
            return
        state = {**inherited, **_styles(el)}
        state["opacity_product"] = inherited.get("opacity_product", 1.0) * float(_styles(el).get("opacity", 1))
        alpha = state["opacity_product"]
        if tag in ("text", "tspan") and (el.text or "").strip():
            painted.append(("text", state.get("fill", "#000000"), alpha * float(state.get("fill-opacity", 1)), el))
        elif tag in ("rect", "circle", "ellipse", "path", "polygon", "polyline", "line"):
            if tag != "line" and state.get("fill", "#000000") != "none":
                painted.append(("fill", state.get("fill", "#000000"), alpha * float(state.get("fill-opacity", 1)), el))
            if state.get("stroke", "none") != "none":
                painted.append(("stroke", state["stroke"], alpha * float(state.get("stroke-opacity", 1)), el))
        elif tag == "use":
            target = by_id.get((el.get("{http://www.w3.org/1999/xlink}href") or el.get("href") or "").lstrip("#"))
            if target is not None:
                walk(target, state)
        for child in el:
            walk(child, state)

    walk(root, {})
    for marker in root.iter(f"{SVG}marker"):        # arrowheads: graphics that carry direction
        for el in marker.iter():
            if "fill" in el.attrib and el.attrib["fill"] != "none":
                painted.append(("fill", el.attrib["fill"], 1.0, el))
    return root, painted


@pytest.fixture(scope="module")
def figures(root_build) -> dict[str, str]:
    """Every figure the build wrote, by its path in the site: ``figures/NAME.svg``, and each other
    language's own drawing, ``ja/figures/NAME.svg``."""
    site = root_build.site_dir
    found = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(site.glob("figures/*.svg")) + sorted(site.glob("*/figures/*.svg"))}
    assert any(name.startswith("figures/") for name in found), f"the build wrote no figures into {site / 'figures'}"
    return found


def test_figure_colours_contrast_in_both_palettes(figures):
    """Text 4.5:1 and meaningful graphics 3:1 on every background the figure paints (WCAG 1.4.3, 1.4.11)."""
    from figlib import svg as figsvg

    backgrounds = {c.lower() for c in figsvg.BACKGROUNDS}
    decoration = {c.lower() for c in figsvg.DECORATION} | backgrounds
    dim = _dark_dimming()
    assert dim <= 1
    problems, checked = [], Counter()
    for name, text in figures.items():
        _root, painted = _paint(text)
        grounds = {c.lower() for kind, c, a, _ in painted if kind == "fill" and c.lower() in backgrounds and a > 0}
        assert figsvg.CARD.lower() in grounds, f"{name}: no opaque card ({figsvg.CARD}) under the figure"
        badges = {c.lower() for kind, c, a, el in painted if kind == "fill" and el.tag == f"{SVG}circle"}
        for kind, colour, alpha, el in painted:
            colour = colour.lower()
            if alpha <= 0:
                continue
            if kind == "text":
                need, under = 4.5, (badges if colour in backgrounds else grounds)
            elif colour in decoration:
                continue
            else:
                need, under = 3.0, grounds
            for ground in under:
                for palette, factor in (("light", 1.0), ("dark", dim)):
                    base = tuple(c * factor for c in _rgb(ground))
                    ink = _over(tuple(c * factor for c in _rgb(colour)), alpha, base)
                    ratio = _ratio(_lum(ink), _lum(base))
                    checked[kind] += 1
                    if ratio < need:
                        what = "".join(el.itertext()).strip()[:40] if kind == "text" else el.tag.replace(SVG, "")
                        problems.append(f"{name} ({palette}): {kind} {colour} (alpha {alpha:g}) {what!r} on "
                                        f"{ground}: {ratio:.2f}:1, needs {need}:1")
    print(f"\nfigure colours checked: {dict(checked)}; dark palette dims by {dim}")
    assert checked["text"] and checked["stroke"], "no text or strokes found: the SVG reader is broken"
    assert not problems, "\n".join(sorted(set(problems)))


def _shown_numbers(root) -> set[float]:
    """The numbers a figure shows in its text, axis tick labels left out (they are scales, not results)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    numbers = set()
    for el in root.iter(f"{SVG}text"):
        node, in_tick = el, False
        while node in parents:
            node = parents[node]
            if re.match(r"[xy]tick_\d+$", node.get("id", "")):
                in_tick = True
                break
        if not in_tick:
            numbers |= {_float(n) for n in NUMBER.findall("".join(el.itertext()))}
    return numbers


def _float(text: str) -> float:
    return round(float(text.replace("−", "-")), 12)


class _PageFigures(html.parser.HTMLParser):
    """The figure images of a page (their attributes) and the text of every element with an id."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.texts, self._open = [], {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and re.search(r"(^|/)figures/[^/]+\.svg$", attrs.get("src") or ""):
            self.images.append(attrs)
        if tag in self.VOID:
            return
        self._open.append((tag, attrs.get("id")))
        if attrs.get("id"):
            self.texts[attrs["id"]] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for _tag, ident in self._open:
            if ident:
                self.texts[ident] += data


def test_every_figure_is_described_with_its_numbers(figures, root_build):
    """Alt text on the image; under it, the SVG's <desc>, named by aria-describedby, with every number shown."""
    from figlib.describe import svg_text_alternative

    problems, seen = [], set()
    for name, text in figures.items():
        root = ET.fromstring(text.encode())
        _title, desc = svg_text_alternative(text)
        missing = sorted(_shown_numbers(root) - {_float(n) for n in NUMBER.findall(desc)})
        if missing:
            problems.append(f"{name}: shows {missing}, its <desc> does not say them")
    for path in _site_pages(root_build.site_dir):
        html_file = root_build.site_dir / (path if path.endswith(".html") else path + "index.html")
        parser = _PageFigures()
        parser.feed(html_file.read_text(encoding="utf-8"))
        page_dir = posixpath.dirname(path) if path.endswith(".html") else path
        for img in parser.images:
            name = posixpath.normpath(posixpath.join(page_dir, img["src"]))        # ja/figures/NAME.svg
            seen.add(name)
            where = f"{path or '/'}: {name}"
            if len((img.get("alt") or "").strip()) < 20:
                problems.append(f"{where}: alt text missing or too short to say what it shows: {img.get('alt')!r}")
            ident = img.get("aria-describedby")
            if not ident or ident not in parser.texts:
                problems.append(f"{where}: no description (aria-describedby={ident!r})")
                continue
            if " ".join(parser.texts[ident].split()) != " ".join(svg_text_alternative(figures[name])[1].split()):
                problems.append(f"{where}: the description on the page is not the figure's <desc>")
    assert seen, "no page shows a figure: the page reader is broken"
    assert seen == set(figures), f"figures no page shows, or figures shown but not built: {sorted(seen ^ set(figures))}"
    assert not problems, "\n".join(problems)

/* scratchnet: what the theme leaves for a keyboard and a screen reader (WCAG 2.1 AA).

   1. Every region of a page that scrolls is reachable with Tab (WCAG 2.1.1): a wide code
      block, a wide table, a wide formula (the API reference's signatures are code blocks), or anything
      marked data-sn-scroll. While it is wider (or taller) than its box it gets
      tabindex="0", role="region" and a name ("Code, scrolls sideways"), so a keyboard
      can focus it and scroll it with the arrow keys; when it fits again it leaves the Tab
      order. Regions that appear later (a block's output, an opened <details>) are found
      by a MutationObserver; a ResizeObserver follows every width change.
   2. Material adds a <nav> landmark to every code block for its copy button, all without a
      name: a screen reader cannot tell them apart. Each gets its own ("Code block actions 3").

   The focus ring itself is CSS (a11y.css). Loaded on every page by mkdocs.yml
   (extra_javascript); it needs nothing from the page and sends no request. */
(function () {
  "use strict";

  /* The containers that scroll: Material's code blocks and table wrappers, display math
     (a11y.css lets div.arithmatex scroll), and any element a component marks itself. */
  var SCROLLERS = [
    ".md-typeset pre > code",
    ".md-typeset .md-typeset__scrollwrap",
    ".md-typeset div.arithmatex",
    "[data-sn-scroll]"
  ].join(", ");

  /* Names by the page's language (<html lang>); a new edition adds its own line. */
  var WORDS = {
    en: { code: "Code", table: "Table", math: "Formula", region: "Scrolling region",
          scrolls: "scrolls sideways", codeActions: "Code block actions" },
    ja: { code: "コード", table: "表", math: "数式", region: "スクロール領域",
          scrolls: "横にスクロールできます", codeActions: "コードブロックの操作" }
  };
  var lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  var words = WORDS[lang] || WORDS.en;

  function kindOf(el) {
    if (el.matches("pre > code")) return words.code;
    if (el.matches(".md-typeset__scrollwrap")) return words.table;
    if (el.matches("div.arithmatex")) return words.math;
    return el.getAttribute("data-sn-scroll") || words.region;
  }

  function scrolls(el) {
    var style = getComputedStyle(el);
    var x = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    var y = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    return x || y;
  }

  /* Focusable while it scrolls. Attributes the page set itself are left alone: only the
     ones added here (marked data-sn-a11y) are taken back. */
  function update(el) {
    var ours = el.hasAttribute("data-sn-a11y");
    if (scrolls(el)) {
      if (el.hasAttribute("tabindex") && !ours) return;   // focusable already (Material, player)
      el.setAttribute("tabindex", "0");
      el.setAttribute("data-sn-a11y", "");
      if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", kindOf(el) + ", " + words.scrolls);
        el.setAttribute("data-sn-a11y", "named");
      }
    } else if (ours) {
      if (document.activeElement === el) return;           // never pull the focus from under a reader
      el.removeAttribute("tabindex");
      if (el.getAttribute("data-sn-a11y") === "named") {
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
      }
      el.removeAttribute("data-sn-a11y");
    }
  }

  var resizes = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) { entries.forEach(function (e) { update(e.target); }); })
    : null;
  var watched = typeof WeakSet === "function" ? new WeakSet() : null;

  function watch(el) {
    if (watched && watched.has(el)) return;
    if (watched) watched.add(el);
    if (resizes) resizes.observe(el);
    update(el);
  }

  /* A landmark's name must be unique on its page: "Code block actions 3" for the third. */
  function nameCodeNavs() {
    document.querySelectorAll("nav.md-code__nav").forEach(function (nav, index) {
      var name = words.codeActions + " " + (index + 1);
      if (nav.getAttribute("aria-label") !== name) nav.setAttribute("aria-label", name);
    });
  }

  function scan(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches(SCROLLERS)) watch(root);
    root.querySelectorAll(SCROLLERS).forEach(watch);
    if (root.querySelector("nav.md-code__nav") || (root.matches && root.matches("nav.md-code__nav"))) nameCodeNavs();
  }

  /* Re-check everything watched: a window resize, fonts arriving, <details> toggled. */
  var pending = false;
  function recheck() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      document.querySelectorAll(SCROLLERS).forEach(function (el) { watch(el); update(el); });
    });
  }

  function start() {
    scan(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        r.addedNodes.forEach(function (node) { if (node.nodeType === 1) scan(node); });
      });
    }).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", recheck);
    document.addEventListener("toggle", recheck, true);    // <details> opened or closed
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(recheck);
  }

  /* For components that change a region's content without adding nodes. */
  window.scratchnetA11y = { refresh: recheck };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

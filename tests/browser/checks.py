"""JavaScript the browser tests run in the page, and the Python that reads its answers."""

from __future__ import annotations

import base64

#: Containers of the theme's icons and controls: their SVGs are not figures.
ICON_CONTAINERS = (
    ".md-icon, .twemoji, .md-annotation, .md-clipboard, .md-code__nav, button, label, "
    ".md-header, .md-footer, .md-nav, .md-search, .md-source, .headerlink"
)

OPEN_ALL_DETAILS = """() => {
  const all = document.querySelectorAll('details:not([open])');
  all.forEach(d => { d.open = true; });
  return all.length;
}"""

#: Every text node of the page outside code, math, scripts and the search form, in order,
#: joined: where raw LaTeX would show if a formula was not converted. Code is the code
#: elements and anything set in the theme's code font (the player's code pane, say).
PAGE_TEXT = """() => {
  const skip = 'pre, code, kbd, samp, script, style, template, textarea, math, .md-search, .md-code__nav';
  const probe = document.createElement('code');
  (document.querySelector('article') || document.body).appendChild(probe);
  const codeFont = getComputedStyle(probe).fontFamily;
  probe.remove();
  const fonts = new Map();
  const isCode = el => {
    if (!fonts.has(el)) fonts.set(el, !!el.closest(skip) || getComputedStyle(el).fontFamily === codeFont);
    return fonts.get(el);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [document.title];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && !isCode(node.parentElement)) parts.push(node.nodeValue);
  }
  return parts.join('');
}"""

MATH_ELEMENTS = """() => {
  const article = document.querySelector('article');
  const maths = Array.from(article.querySelectorAll('math'));
  const marked = Array.from(article.querySelectorAll('.arithmatex'));
  return {
    count: maths.length,
    unsized: maths.filter(m => { const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); })
                  .map(m => m.getAttribute('alttext') || m.textContent.slice(0, 60)),
    unconverted: marked.filter(el => !el.querySelector('math')).map(el => el.textContent.slice(0, 80)),
  };
}"""

HEADINGS = """() => Array.from(document.querySelector('article').querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .map(h => [Number(h.tagName[1]), h.id || '', h.textContent.replace('¶', '').trim().slice(0, 70)])"""

TEXT_ALTERNATIVES = """(iconContainers) => {
  const images = Array.from(document.images).map(img => ({
    what: img.outerHTML.slice(0, 160), label: (img.getAttribute('alt') || '').trim(),
  }));
  const svgs = Array.from(document.querySelector('article').querySelectorAll('svg'))
    .filter(svg => !svg.closest(iconContainers) && !(svg.parentElement && svg.parentElement.closest('svg')))
    .map(svg => {
      const title = svg.querySelector(':scope > title');
      const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
      const labelledBy = ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
      return {
        what: svg.outerHTML.slice(0, 160),
        label: ((svg.getAttribute('aria-label') || '') || (title ? title.textContent : '') || labelledBy).trim(),
        hidden: svg.getAttribute('aria-hidden') === 'true',
      };
    });
  return {images, svgs};
}"""

#: Mark every figure of the article (img, or an svg that is not an icon) with
#: data-test-figure=N and describe it.
FIGURES = """(iconContainers) => {
  const article = document.querySelector('article');
  const figures = Array.from(article.querySelectorAll('img, svg'))
    .filter(el => !el.closest(iconContainers)
                  && !(el.tagName.toLowerCase() === 'svg' && el.parentElement.closest('svg')));
  return figures.map((el, index) => {
    el.setAttribute('data-test-figure', String(index));
    const box = el.getBoundingClientRect();
    const isImg = el.tagName.toLowerCase() === 'img';
    return {
      index, tag: el.tagName.toLowerCase(),
      name: isImg ? el.getAttribute('src') : (el.getAttribute('aria-label') || el.id || el.outerHTML.slice(0, 80)),
      width: box.width, height: box.height,
      visible: el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
      loaded: isImg ? (el.complete && el.naturalWidth > 0) : true,
    };
  });
}"""

#: Given a PNG screenshot of a figure (base64), the share of its pixels that contrast at
#: least 3:1 (WCAG's ratio for graphics) with its most common colour, its background.
CONTRAST = """async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  // a 1-pixel frame is left out: an element's screenshot can take in a row of the page
  const frame = canvas.width > 4 && canvas.height > 4 ? 1 : 0;
  const width = canvas.width - 2 * frame, height = canvas.height - 2 * frame;
  const data = ctx.getImageData(frame, frame, width, height).data;
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (r, g, b) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] >> 3) << 10 | (data[i + 1] >> 3) << 5 | (data[i + 2] >> 3);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let mode = 0, best = -1;
  for (const [key, n] of counts) if (n > best) { best = n; mode = key; }
  const bg = lum(((mode >> 10) & 31) * 8 + 4, ((mode >> 5) & 31) * 8 + 4, (mode & 31) * 8 + 4);
  let contrasting = 0;
  const pixels = data.length / 4;
  for (let i = 0; i < data.length; i += 4) {
    const l = lum(data[i], data[i + 1], data[i + 2]);
    if ((Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05) >= 3) contrasting++;
  }
  return {share: contrasting / pixels, background: bg, pixels};
}"""

#: The share of a figure's pixels that must contrast 3:1 with its background.
MIN_CONTRASTING_SHARE = 0.005

CODE_BLOCKS = """() => {
  const blocks = Array.from(document.querySelector('article').querySelectorAll('pre'))
    .filter(pre => pre.querySelector('code'));
  return blocks.map((pre, index) => {
    pre.setAttribute('data-test-code', String(index));
    const button = pre.querySelector('[data-md-type="copy"], .md-clipboard')
      || (pre.parentElement
          && pre.parentElement.querySelector(':scope > [data-md-type="copy"], :scope > .md-clipboard'));
    if (button) button.setAttribute('data-test-copy', String(index));
    return {
      index, id: pre.id || '', hasButton: !!button,
      target: button ? (button.getAttribute('data-clipboard-target') || '') : '',
      text: pre.querySelector('code').innerText,
      where: (pre.closest('[id]') || {}).id || '',
    };
  });
}"""

PALETTE = """() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  background: getComputedStyle(document.body).backgroundColor,
})"""


def switch_palette(page, expected_scheme: str) -> dict:
    """Click Material's palette toggle until the page's scheme is ``expected_scheme``; its palette."""
    page.locator('form[data-md-component="palette"] label:not([hidden])').first.click()
    page.wait_for_function(
        "scheme => document.body.getAttribute('data-md-color-scheme') === scheme", arg=expected_scheme
    )
    page.wait_for_function(TRANSITIONS_DONE)  # the palette's colour transitions, however long they are
    return page.evaluate(PALETTE)


#: No CSS transition is still running (``getAnimations`` brings style up to date first, so the
#: transitions a palette switch starts are there to wait for).
TRANSITIONS_DONE = """() => document.getAnimations()
  .filter(a => a instanceof CSSTransition).every(a => a.playState !== 'running' && a.playState !== 'pending')"""


def luminance(css_color: str) -> float:
    """Relative luminance of a computed CSS ``rgb()``/``rgba()`` colour."""
    numbers = css_color[css_color.index("(") + 1 : css_color.index(")")].replace("/", ",").split(",")
    red, green, blue = (float(value) for value in numbers[:3])

    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_of(page, png: bytes) -> dict:
    return page.evaluate(CONTRAST, base64.b64encode(png).decode("ascii"))

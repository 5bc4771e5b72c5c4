"""How a reader sees a page, measured in the browser: the checks no markup can fool.

Sizes and positions come from the layout (``getBoundingClientRect``) of what is actually shown
(``checkVisibility``: not hidden, not transparent, not inside a closed ``<details>``), never from
class names or attributes. ``test_reader.py`` runs them over the real playbook at phone and desktop
size; the screenshot suite (``test_screenshots.py``) shares the devices and the settling wait.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .support import load_axe, run_axe, settle

#: The two sizes every page is looked at: a phone held upright (touch) and a laptop.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
}
DESKTOP = {"viewport": {"width": 1366, "height": 900}, "device_scale_factor": 1}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}

#: WCAG 2.2 (2.5.8, AA): the smallest target, in CSS pixels.
MIN_TARGET = 24

_VISIBLE = "el => el.checkVisibility({opacityProperty: true, visibilityProperty: true})"

#: Controls smaller than 24 × 24 CSS px. Buttons, fields, boxes (measured with the label that wraps
#: them: what a finger hits), summaries and anything focusable must be 24 × 24. Links follow WCAG
#: 2.5.8: a link inside a sentence is exempt, and a smaller link is allowed when a 24 px circle on
#: its centre touches no other target.
SMALL_TARGETS_JS = """
() => {
  const MIN = __MIN__ - 0.5;
  const shown = __VISIBLE__;
  const controls = [], links = [];
  const seen = new Set();
  const selector = 'a[href], button, select, input:not([type=hidden]), textarea, summary, [role=button], label[for], ' +
    '[tabindex]:not([tabindex="-1"])';
  // with the search or the phone's menu open, the page under it is out of reach: only what is open counts
  const opened = (id) => (document.getElementById(id) || {}).checked;
  const scope = opened('__search') ? document.querySelector('.md-search')
    : opened('__drawer') ? document.querySelector('.md-sidebar--primary') : document;
  for (const el of scope.querySelectorAll(selector)) {
    if (!shown(el)) continue;
    let target = el;
    const own = el.getBoundingClientRect();
    if (el.matches('input[type=checkbox], input[type=radio], input[type=file]') || own.width < 2 || own.height < 2) {
      // a box, or a field hidden behind its label: what a finger hits is the label that wraps or names it
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`));
      if (label && shown(label)) target = label;
    }
    if (seen.has(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const name = (target.getAttribute('aria-label') || target.textContent || target.getAttribute('title') || '')
      .replace(/\\s+/g, ' ').trim().slice(0, 60) || target.tagName.toLowerCase();
    const item = {name, tag: target.tagName.toLowerCase(), cls: String(target.className || '').slice(0, 60),
      w: Math.round(box.width * 10) / 10, h: Math.round(box.height * 10) / 10, box};
    if (el.matches('a[href]') && !el.matches('[role=button]')) {
      // in a sentence: the block around it has words of its own
      const style = getComputedStyle(el);
      const block = el.parentElement.closest('p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6, div');
      const own = block ? block.textContent.replace(el.textContent, '').replace(/[\\s·:;,.()«»—–-]+/g, '') : '';
      item.inline = style.display === 'inline' && own.length > 0;
      links.push(item);
    } else {
      controls.push(item);
    }
  }
  const small = (i) => i.w < MIN || i.h < MIN;
  const centre = (b) => [b.left + b.width / 2, b.top + b.height / 2];
  const touches = (c, r, b) => {  // does the circle (c, r) meet the box b?
    const x = Math.max(b.left, Math.min(c[0], b.right)), y = Math.max(b.top, Math.min(c[1], b.bottom));
    return (x - c[0]) ** 2 + (y - c[1]) ** 2 < r * r;
  };
  const all = controls.concat(links);
  const problems = [];
  for (const c of controls) if (small(c)) problems.push(c);
  for (const l of links) {
    if (!small(l) || l.inline) continue;
    const c = centre(l.box);
    const crowded = all.some(o => o !== l && (touches(c, __MIN__ / 2, o.box) ||
      (small(o) && !o.inline && Math.hypot(c[0] - centre(o.box)[0], c[1] - centre(o.box)[1]) < __MIN__)));
    if (crowded) problems.push(l);
  }
  return problems.map(p => `${p.tag}.${p.cls} «${p.name}» ${p.w}×${p.h}`);
}
""".replace("__MIN__", str(MIN_TARGET)).replace("__VISIBLE__", _VISIBLE)

#: Horizontal scrolling: the page itself must not scroll sideways; a box that does (a wide table,
#: a map, a code block) must be a named region a keyboard reaches, with a visible hint above it.
SIDEWAYS_JS = """
() => {
  const shown = __VISIBLE__;
  const out = [];
  const page = document.scrollingElement;
  if (page.scrollWidth > window.innerWidth + 1) out.push(`the page is ${page.scrollWidth} px wide`);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.scrollWidth <= el.clientWidth + 1 || !shown(el)) continue;
    const x = getComputedStyle(el).overflowX;
    if (x !== 'auto' && x !== 'scroll') continue;
    if (el.closest('.md-sidebar, .md-search, .md-nav')) continue;  // the theme's own panels scroll up and down
    const name = (el.getAttribute('aria-label') || '').trim();
    const hint = (el.matches('pre > code') ? el.parentElement : el).previousElementSibling;
    const hinted = hint && hint.classList.contains('pb-scroll-hint') && shown(hint);
    if (el.getAttribute('role') !== 'region' || !name || el.tabIndex < 0 || !hinted) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} scrolls sideways ` +
        `(role=${el.getAttribute('role')}, name=${JSON.stringify(name)}, tabindex=${el.tabIndex}, hint=${!!hinted})`);
    }
  }
  return out;
}
""".replace("__VISIBLE__", _VISIBLE)

#: Where an entry's own text starts: the first block with words after the summary and the short
#: line of links under it (and any reading path's box), measured from the top of the page.
BODY_TOP_JS = """
() => {
  const head = document.querySelector('.md-content .pb-entry-head') ||
    document.querySelector('.md-content .pb-summary');
  if (!head) return null;
  let el = head.nextElementSibling;
  while (el && (el.matches('nav.pb-path-nav') || !el.textContent.trim() ||
         !el.checkVisibility({opacityProperty: true, visibilityProperty: true}))) el = el.nextElementSibling;
  if (!el) return null;
  return {top: el.getBoundingClientRect().top + window.scrollY, text: el.textContent.trim().slice(0, 60)};
}
"""


def axe_violations(page: Any, axe_js: str, *, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations of the page as it is now (dialogs and menus open included), every
    impact level, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        load_axe(page, Path(axe_js))  # not a <script> tag: the pages' Content-Security-Policy refuses it
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = run_axe(page, options)
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']}"
        f" {v['nodes'][0].get('failureSummary', '')[:160]!r})"
        for v in result["violations"]
    ]


def tap(locator: Any) -> None:
    """What a reader does to a control: a tap on a phone, a click on a desk (both wait until it is
    visible, stable, enabled and the element that receives the touch)."""
    from playwright.sync_api import expect

    expect(locator).to_be_visible()
    if getattr(locator.page.context, "pb_touch", False):
        locator.tap()
    else:
        locator.click()


def open_search(page: Any, query: str) -> None:
    """Open the search as a reader does (the magnifier on a phone, the box on a desk), type, and
    wait for the answer."""
    from playwright.sync_api import expect

    icon = page.locator("label.md-header__button[for=__search]")
    tap(icon if icon.is_visible() else page.locator(".md-search__input"))
    box = page.locator(".md-search__input")
    expect(box).to_be_visible()
    box.fill(query)
    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )
    page.wait_for_function(
        "p => document.querySelector('.md-search-result__meta').textContent.trim() !== p", arg=placeholder
    )
    settle(page)

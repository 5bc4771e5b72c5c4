// @ts-check
/* Playbook Relation Client: a table, a map or a code block wider than the page scrolls in its own
 * box, a named region with a hint (the styles: training.css, views.css).
 */
(function () {
  "use strict";
  // A table (an observation grid too) or a map wider than the page scrolls sideways in its own box,
  // never the page: keyboard users must reach and scroll it (a focusable region, named after what it
  // holds), and everyone must see that it scrolls (a hint above it, while it is wider than the screen).
  var SCROLLERS = ".md-typeset__scrollwrap, .md-typeset__table, .pb-matrix__scroll, .pb-map__scroll, .pb-grid-wrap, " +
    ".md-typeset pre > code";

  // A region's name says what it holds (a table's caption, a map's label, else the section it is
  // in) and is unique on the page (axe: landmark-unique).
  /** @param {Element} wrap */
  function scrollName(wrap) {
    var named = wrap.querySelector("caption, svg[aria-label]");
    var what = named ? (named.getAttribute("aria-label") || named.textContent).trim()
      : wrap.matches("code") ? "Code" : "Tableau";
    if (!named) {
      var headings = Array.prototype.filter.call(document.querySelectorAll(".md-content h2, .md-content h3"),
        function (h) { return h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING; });
      var section = headings.length ? headings[headings.length - 1].textContent.replace(/¶/g, "").trim() : "";
      if (section) what += " «\u00a0" + section + "\u00a0»";
    }
    var name = what + " (défilement horizontal)";
    for (var n = 2; document.querySelector('[role="region"][aria-label="' + name.replace(/"/g, '\\"') + '"]'); n++) {
      name = what + " " + n + " (défilement horizontal)";
    }
    return name;
  }

  // Material makes a wide code block focusable on a screen with a mouse and takes its tabindex away
  // on a touch screen, each time it measures the block again (on load, on a resize, a phone turned):
  // sometimes after this script has run. A wide region keeps it, for the keyboard of a tablet.
  var keepFocusable = new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var wrap = /** @type {Element} */ (change.target);
      if (wrap.classList.contains("pb-scroll--wide") && !wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
    });
  });

  function scrollableTables() {
    document.querySelectorAll(SCROLLERS).forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      if (wide && !wrap.hasAttribute("role")) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", scrollName(wrap));
        keepFocusable.observe(wrap, { attributes: true, attributeFilter: ["tabindex"] });
      }
      if (wide && !wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
      var overflow = window.getComputedStyle(wrap).overflowX;
      if (overflow !== "auto" && overflow !== "scroll") return;
      var box = wrap.matches("code") ? wrap.parentElement : wrap;  // a code block's hint goes above its <pre>
      var parent = box && box.parentNode;
      if (!box || !parent) return;
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("pb-scroll-hint");
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "pb-scroll-hint";
        hint.setAttribute("aria-hidden", "true");  // the region's name says it to screen readers
        hint.textContent = "Faites glisser sur le côté pour tout voir →";
        parent.insertBefore(hint, box);
      } else if (!wide && hint && has) {
        hint.remove();
      }
      wrap.classList.toggle("pb-scroll--wide", wide);
    });
  }

  window.addEventListener("resize", scrollableTables);
  Playbook.onEveryPage(scrollableTables);  // with material's page lifecycle: tables are wrapped by then
})();

// @ts-check
/* « Copier en Markdown » on entry pages (templates/playbook/fragments/copy-markdown.html.j2): copies
   the entry's Markdown, embedded in the page (so it works from file:// too), with the Clipboard API
   where the page may use it, else through a selected text area; the button says what happened. */
(function () {
  "use strict";

  /** @param {string} text @returns {boolean} */
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
  }

  /** @param {string} text @returns {Promise<boolean>} */
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function setup() {
    document.querySelectorAll(".pb-copy-md").forEach(function (box) {
      var found = box.querySelector(".pb-action--copy-markdown");
      var source = box.querySelector(".pb-copy-md__source");
      if (!(found instanceof HTMLElement) || !source || found.dataset.pbReady) return;
      var button = found;
      var text = source.textContent || "";
      button.dataset.pbReady = "1";
      var label = button.textContent;
      button.addEventListener("click", function () {
        copy(text).then(function (ok) {
          button.textContent = ok ? "Markdown copié" : "Copie impossible : ouvrez le fichier Markdown";
          button.classList.toggle("pb-action--done", ok);
          window.setTimeout(function () { button.textContent = label; button.classList.remove("pb-action--done"); }, 4000);
        });
      });
    });
  }

  Playbook.onReady(setup);
})();

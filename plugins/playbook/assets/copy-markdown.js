// @ts-check
/* « Copier en Markdown » on entry pages (templates/playbook/fragments/copy-markdown.html.j2): copies
   the entry's Markdown, its published file beside the page (the link's href), fetched at the click;
   in the offline copy (file://, no fetch) the text embedded in the page. With the Clipboard API
   where the page may use it (a ClipboardItem waits for the fetch within the click's activation),
   else through a selected text area; the button says what happened. */
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

  /** @param {string} href */
  function fetchText(href) {
    return fetch(href).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    });
  }

  /** The file at href on the clipboard: handed over as a pending item when the browser takes one
      (the copy then belongs to the click, however long the fetch takes), else copied once fetched.
      @param {string} href */
  function copyFile(href) {
    var clipboard = navigator.clipboard;
    if (clipboard && clipboard.write && window.isSecureContext && typeof ClipboardItem === "function") {
      var text = fetchText(href);
      var blob = text.then(function (body) { return new Blob([body], { type: "text/plain" }); });
      return clipboard.write([new ClipboardItem({ "text/plain": blob })]).then(
        function () { return true; },
        function () { return text.then(copy, function () { return false; }); }
      );
    }
    return fetchText(href).then(copy, function () { return false; });
  }

  function setup() {
    document.querySelectorAll(".pb-copy-md").forEach(function (box) {
      var found = box.querySelector(".pb-action--copy-markdown");
      var source = box.querySelector(".pb-copy-md__source");
      var file = box.querySelector(".pb-copy-md__file");
      if (!(found instanceof HTMLElement) || !(file instanceof HTMLAnchorElement) || found.dataset.pbReady) return;
      var button = found;
      var href = file.href;
      button.dataset.pbReady = "1";
      var label = button.textContent;
      button.addEventListener("click", function () {
        (source ? copy(source.textContent || "") : copyFile(href)).then(function (ok) {
          button.textContent = ok ? "Markdown copié" : "Copie impossible : ouvrez le fichier Markdown";
          button.classList.toggle("pb-action--done", ok);
          window.setTimeout(function () { button.textContent = label; button.classList.remove("pb-action--done"); }, 4000);
        });
      });
    });
  }

  Playbook.onReady(setup);
})();

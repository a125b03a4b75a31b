// Sitewatch workbench: the lead page. Addresses from crawled pages are shown as text, never as
// links; a "copy" button puts one on the clipboard instead.
"use strict";
(function () {
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button.copy") : null;
    if (!button) {
      return;
    }
    var text = button.getAttribute("data-copy") || "";
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () {
        button.classList.add("copied");
      });
    }
  });
})();

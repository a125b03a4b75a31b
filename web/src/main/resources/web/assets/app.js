// Sitewatch workbench: shared behaviour. No inline scripts anywhere (the CSP forbids them):
// pages mark elements with data- attributes and this file wires them up.
"use strict";
(function () {
  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }
  window.sitewatch = { csrf: csrf };
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      e.preventDefault();
    }
  });
})();

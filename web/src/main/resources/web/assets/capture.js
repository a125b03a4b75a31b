// Sitewatch workbench: the captured page viewer. The frame of the captured page is blurred and
// greyscale (CSS class "veiled") until the analyst reveals it; this toggles the class.
"use strict";
(function () {
  function wire(box) {
    var button = box.querySelector("[data-reveal]");
    if (!button) {
      return;
    }
    function label() {
      var veiled = box.classList.contains("veiled");
      button.textContent = veiled ? button.getAttribute("data-show") : button.getAttribute("data-hide");
      button.setAttribute("aria-pressed", veiled ? "false" : "true");
    }
    button.addEventListener("click", function () {
      box.classList.toggle("veiled");
      label();
    });
    label();
  }
  document.querySelectorAll("[data-capture-frame]").forEach(wire);
})();

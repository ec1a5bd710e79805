// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move the focus to a form's error summary so screen readers announce it.
  var summary = document.querySelector("[data-module=error-summary]");
  if (summary) { summary.focus(); }
  // One submission per click: a second click within a few seconds does nothing.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-prevent-double-click]");
    if (!button) { return; }
    if (button.getAttribute("data-clicked")) { event.preventDefault(); return; }
    button.setAttribute("data-clicked", "1");
    setTimeout(function () { button.removeAttribute("data-clicked"); }, 5000);
  });
  // Buttons that print the page (confirmation pages, slips).
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();

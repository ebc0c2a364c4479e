// The admin pages' small enhancements; every page works without them.
//
// The navigation marks the page you are on.
(function () {
  "use strict";
  var path = location.pathname;
  document.querySelectorAll(".topbar nav a").forEach(function (a) {
    var href = a.getAttribute("href");
    if (path === href || path.indexOf(href + "/") === 0) a.setAttribute("aria-current", "page");
  });
})();

// Copy buttons. Without JavaScript (or without the Clipboard API, as on plain http
// off loopback) the buttons stay hidden and one click selects the whole value.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  function announce(button, text) {
    var card = button.closest(".card");
    var status = card && card.querySelector(".copy-status");
    if (status) status.textContent = text;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var text = button.textContent;
    button.hidden = false;
    var label = document.getElementById(field.id + "-label");
    button.setAttribute("aria-label", "Copy " + (label ? label.textContent : "the value"));
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.textContent.trim()).then(function () {
        button.textContent = "Copied";
        button.classList.add("copied");
        announce(button, "Copied to the clipboard.");
        setTimeout(function () { button.textContent = text; button.classList.remove("copied"); }, 2500);
      }, function () {
        window.getSelection().selectAllChildren(field);
        announce(button, "Could not copy: the value is selected, press Ctrl+C or ⌘C.");
      });
    });
  });
})();

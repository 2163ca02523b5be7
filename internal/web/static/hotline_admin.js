// The hotline dashboard reloads itself while it is open, so a lead who
// keeps it on a wall screen sees the storm come in. Without script the
// reload link does the same by hand.
(function () {
  "use strict";
  var link = document.getElementById("hl-reload");
  if (!link) return;
  var seconds = parseInt(link.getAttribute("data-refresh"), 10);
  if (!(seconds > 0)) return;
  setTimeout(function () {
    if (document.visibilityState === "hidden") {
      document.addEventListener("visibilitychange", function () { window.location.reload(); }, { once: true });
      return;
    }
    window.location.reload();
  }, seconds * 1000);
})();

// breachdesk: small progressive enhancements. Every page works without it.
"use strict";

(function () {
  var body = document.body;

  // Format a duration in milliseconds with the page's translated patterns.
  function formatDuration(ms) {
    var neg = ms < 0;
    if (neg) ms = -ms;
    var mins = Math.floor(ms / 60000);
    var d = Math.floor(mins / 1440), h = Math.floor((mins % 1440) / 60), m = mins % 60;
    var pattern = d > 0 ? body.dataset.durDh : h > 0 ? body.dataset.durHm : body.dataset.durM;
    if (!pattern) return null;
    var s = pattern.replace("{d}", d).replace("{h}", h).replace("{m}", m);
    return neg ? "\u2212" + s : s;
  }

  // Keep clocks ("time since awareness", "due in") running without reloads.
  function tickClocks() {
    var now = Date.now();
    document.querySelectorAll("[data-since]").forEach(function (el) {
      var t = Date.parse(el.dataset.since);
      var s = isNaN(t) ? null : formatDuration(now - t);
      if (s) el.textContent = s;
    });
    document.querySelectorAll("[data-until]").forEach(function (el) {
      var t = Date.parse(el.dataset.until);
      var s = isNaN(t) ? null : formatDuration(t - now);
      if (s) el.textContent = s;
      if (!isNaN(t) && t < now) el.classList.add("past");
    });
  }
  tickClocks();
  setInterval(tickClocks, 30000);

  // Ask before irreversible actions.
  document.addEventListener("submit", function (ev) {
    var msg = ev.target.dataset.confirm || (ev.submitter && ev.submitter.dataset.confirm);
    if (msg && !window.confirm(msg)) ev.preventDefault();
  });

  // Show and hide inline panels (correction forms, drop reasons).
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-toggle]");
    if (!btn) return;
    var target = document.getElementById(btn.dataset.toggle);
    if (!target) return;
    ev.preventDefault();
    target.hidden = !target.hidden;
    btn.setAttribute("aria-expanded", String(!target.hidden));
    if (!target.hidden) {
      var first = target.querySelector("textarea, input:not([type=hidden]), select");
      if (first) first.focus();
    }
  });

  // Show the input that fits the chosen kind of due time.
  function syncDue(select) {
    var form = select.form;
    if (!form) return;
    form.querySelectorAll("[data-due]").forEach(function (el) {
      el.hidden = el.dataset.due !== select.value;
    });
  }
  document.querySelectorAll("select[data-due-kind]").forEach(function (sel) {
    syncDue(sel);
    sel.addEventListener("change", function () { syncDue(sel); });
  });

  // Choosing a playbook for a new incident fills in its kind if none is set.
  document.querySelectorAll("select[data-sets-kind]").forEach(function (sel) {
    var kind = document.getElementById(sel.dataset.setsKind);
    sel.addEventListener("change", function () {
      var opt = sel.selectedOptions[0];
      if (kind && !kind.value && opt && opt.dataset.kind) kind.value = opt.dataset.kind;
    });
  });

  // A task status select that needs a reason for "dropped".
  document.querySelectorAll("select[data-drop-reason]").forEach(function (sel) {
    var box = document.getElementById(sel.dataset.dropReason);
    function sync() { if (box) box.hidden = sel.value !== "dropped"; }
    sync();
    sel.addEventListener("change", sync);
  });
})();

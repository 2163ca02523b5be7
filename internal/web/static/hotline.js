// breachdesk hotline console: progressive enhancement. The console works
// without it, except the live calls panel.
"use strict";

(function () {
  // Show the fields an outcome needs (callback time, assignee, request kind).
  document.querySelectorAll("select[data-outcome]").forEach(function (sel) {
    var form = sel.form;
    function sync() {
      form.querySelectorAll("[data-when-outcome]").forEach(function (el) {
        var show = el.dataset.whenOutcome.split(" ").indexOf(sel.value) >= 0;
        var invalid = el.querySelector("[aria-invalid=true]");
        el.hidden = !show && !invalid;
      });
    }
    sel.addEventListener("change", sync);
    sync();
  });

  // A log form the agent has started is not thrown away by a call.
  var dirty = false;
  var logForm = document.querySelector("form[data-dirty-guard]");
  if (logForm) {
    logForm.addEventListener("input", function () { dirty = true; });
    logForm.addEventListener("submit", function () { dirty = false; });
  }

  // The calls panel: the phone system's events arrive by Server-Sent
  // Events; an answered call opens its caller (by the call's ID: the
  // number never goes into the address).
  var panel = document.getElementById("calls");
  if (!panel || !window.EventSource) return;
  var list = panel.querySelector(".hl-calllist");
  var consoleURL = panel.dataset.console;
  var current = panel.dataset.current || "";

  function callURL(id) { return consoleURL + "?call=" + encodeURIComponent(id); }

  function stateOf(kind, data) {
    var s = String(data.state || data.State || data.event || kind || "");
    if (s === "newCall" || s === "ringing") return "ringing";
    if (s === "answer" || s === "answered") return "answered";
    if (s === "hangup" || s === "ended" || s === "rejected") return "ended";
    return "";
  }

  function show(id, state) {
    var empty = list.querySelector(".hl-nocalls");
    if (empty) empty.remove();
    var li = null;
    list.querySelectorAll("li[data-call]").forEach(function (el) {
      if (el.dataset.call === id) li = el;
    });
    if (!li) {
      li = document.createElement("li");
      li.dataset.call = id;
      list.insertBefore(li, list.firstChild);
    }
    li.className = "hl-call hl-call-" + state;
    li.textContent = "";
    var a = document.createElement("a");
    a.href = callURL(id);
    a.textContent = (panel.dataset[state] || state) + (state === "ended" ? "" : " · " + panel.dataset.open);
    li.appendChild(a);
  }

  function onEvent(ev) {
    var data = {};
    try { data = JSON.parse(ev.data || "{}") || {}; } catch (e) { return; }
    var id = String(data.callId || data.CallID || data.call_id || "");
    var state = stateOf(ev.type === "message" || ev.type === "call" ? "" : ev.type, data);
    if (!id || !state) return;
    show(id, state);
    if (state === "answered" && id !== current && !dirty) {
      window.location.assign(callURL(id));
    }
  }

  var source = new EventSource(panel.dataset.events);
  ["message", "call", "newCall", "answer", "hangup"].forEach(function (type) {
    source.addEventListener(type, onEvent);
  });
  panel.classList.add("hl-live");
})();

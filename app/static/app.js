// Small behaviours every page shares. Loaded from 'self' (the CSP forbids inline scripts).
(function () {
  "use strict";
  // Destructive forms ask first: <form data-confirm="Delete this claim?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); return; }
    // A form whose server asks again without JavaScript (a confirmation page) takes the dialog's answer.
    var field = message && form.getAttribute("data-confirm-field");
    if (field && !form.querySelector("input[name='" + field + "']:checked")) {
      var yes = document.createElement("input");
      yes.type = "hidden"; yes.name = field; yes.value = "y";
      form.appendChild(yes);
    }
  }, true);

  // Folded sections (the queue's filters) stay open where the screen has room; a phone shows only their title.
  if (window.matchMedia && window.matchMedia("(min-width: 561px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }

  // Select-all boxes: <input type="checkbox" data-select-all="claim"> ticks every box named "claim" in its form.
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var scope = all.form || document;
    var name = all.getAttribute("data-select-all");
    function boxes() { return scope.querySelectorAll("input[type=checkbox][name='" + name + "']"); }
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
    });
    scope.addEventListener("change", function (event) {
      if (event.target.name !== name) { return; }
      var list = Array.prototype.slice.call(boxes());
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    });
  });

  // After saving, focus lands on what was just made (#claim-12, #evidence…), so a keyboard or screen-reader
  // user continues from there rather than from the top of the page.
  function focusTarget() {
    var id = decodeURIComponent((window.location.hash || "").slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    if (target.getAttribute("data-new") !== null || /^claim-\d+$/.test(id)) { target.classList.add("new"); }
    target.focus({ preventScroll: false });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", focusTarget); }
  else { focusTarget(); }

  // Parts worked out after the page (earlier fact-checks): <div data-part="URL"> is replaced by URL's HTML,
  // from this site only; without scripts its link stays.
  document.querySelectorAll("[data-part]").forEach(function (box) {
    var url = box.getAttribute("data-part");
    if (url.charAt(0) !== "/" || url.charAt(1) === "/") { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () {});
  });
}());

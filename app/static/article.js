// Article page: turn a text selection (mouse or keyboard, LTR or RTL) into the claim form's span.
// Offsets are Unicode code points into the stored body, which is what the server checks.
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var form = document.getElementById("claim-form");
  if (!body || !form) { return; }
  var startInput = form.querySelector("input[name=start]");
  var endInput = form.querySelector("input[name=end]");
  var quoteInput = form.querySelector("textarea[name=quote]");
  var kindInput = form.querySelector("select[name=kind]");
  var attributedInput = form.querySelector("input[name=attributed_to]");
  var info = document.getElementById("span-info");
  var keyboardButton = document.getElementById("keyboard-select");
  var bar = document.getElementById("selection-bar");
  var barInfo = document.getElementById("selection-info");
  var makeClaim = document.getElementById("make-claim");
  // Messages come from the page, in the reader's language (this file holds no interface text).
  function message(name, values) {
    var text = form.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("%(" + key + ")s").join(readerDigits(String(values[key])));
    });
    return text;
  }
  // Numbers in the digits the reader chose (the page says which on <html data-digits>).
  function readerDigits(text) {
    if (document.documentElement.getAttribute("data-digits") !== "arabic") { return text; }
    return text.replace(/[0-9]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩".charAt(+d); });
  }

  function codePoints(text) { return Array.from(text).length; }

  // The code-point offset in the body of a (node, offset) boundary of a DOM range.
  function offsetOf(node, offset) {
    var seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    while (seg && seg !== body && !seg.hasAttribute("data-s")) { seg = seg.parentElement; }
    if (!seg || seg === body) {
      // A boundary on the container itself: before or after the child at `offset`.
      if (node === body) {
        var child = body.childNodes[offset];
        if (child && child.getAttribute) { return parseInt(child.getAttribute("data-s"), 10); }
        return parseInt(body.getAttribute("data-length"), 10);
      }
      return null;
    }
    var base = parseInt(seg.getAttribute("data-s"), 10);
    if (node.nodeType === Node.TEXT_NODE) { return base + codePoints(node.data.slice(0, offset)); }
    return offset === 0 ? base : base + codePoints(seg.textContent);
  }

  function bodyText() { return Array.from(body.textContent); }

  function fill(start, end) {
    var chars = bodyText();
    var quote = chars.slice(start, end).join("");
    // Trim white space at the edges so the quote is what the reader meant.
    while (start < end && /\s/.test(chars[start])) { start++; }
    while (end > start && /\s/.test(chars[end - 1])) { end--; }
    quote = chars.slice(start, end).join("");
    if (!quote) { return; }
    startInput.value = start;
    endInput.value = end;
    quoteInput.value = quote;
    info.textContent = message("span", { start: start, end: end });
    if (bar) {
      barInfo.textContent = quote.length > 80 ? quote.slice(0, 80) + "…" : quote;
      barInfo.setAttribute("dir", "auto");
      bar.hidden = false;
    }
  }

  // "Make a claim" beside the selection: straight to the form, whatever lies between (the claim list).
  if (makeClaim) {
    makeClaim.addEventListener("click", function () {
      form.scrollIntoView({ block: "start" });
      var statement = form.querySelector("textarea[name=statement]");
      (statement || quoteInput).focus();
      bar.hidden = true;
    });
  }

  function fromSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) { return; }
    var a = offsetOf(range.startContainer, range.startOffset);
    var b = offsetOf(range.endContainer, range.endOffset);
    if (a === null || b === null || a === b) { return; }
    fill(Math.min(a, b), Math.max(a, b));
  }

  document.addEventListener("selectionchange", function () { fromSelection(); });
  body.addEventListener("mouseup", fromSelection);
  body.addEventListener("keyup", fromSelection);

  // A typed quote replaces the selected span: the server then finds the quote in the text.
  quoteInput.addEventListener("input", function () {
    startInput.value = ""; endInput.value = ""; info.textContent = message("lookup");
  });

  // Keyboard selection: make the text a read-only editable region so the caret and Shift+arrows work.
  function setKeyboard(on) {
    if (on) {
      body.setAttribute("contenteditable", "true");
      body.setAttribute("role", "textbox");
      body.setAttribute("aria-readonly", "true");
      body.setAttribute("aria-multiline", "true");
      body.classList.add("keyboard");
      body.focus();
    } else {
      body.removeAttribute("contenteditable");
      body.removeAttribute("role");
      body.classList.remove("keyboard");
    }
    if (keyboardButton) { keyboardButton.setAttribute("aria-pressed", on ? "true" : "false"); }
  }
  ["beforeinput", "paste", "drop", "cut"].forEach(function (type) {
    body.addEventListener(type, function (event) { event.preventDefault(); });
  });
  body.addEventListener("keydown", function (event) {
    if (body.getAttribute("contenteditable") === "true") {
      if (event.key === "Escape") { setKeyboard(false); }
      else if (event.key === "Enter") { event.preventDefault(); fromSelection(); quoteInput.focus(); }
      return;
    }
    if (event.key === "k" || event.key === "K") { event.preventDefault(); setKeyboard(true); }
  });
  if (keyboardButton) {
    keyboardButton.addEventListener("click", function () {
      setKeyboard(body.getAttribute("contenteditable") !== "true");
    });
  }
  // In keyboard mode a click on a highlight should place the caret, not follow the link.
  body.addEventListener("click", function (event) {
    if (body.getAttribute("contenteditable") === "true" && event.target.closest("a")) { event.preventDefault(); }
  });

  // Suggestions: "edit" loads one into the claim form; the split button uses the caret position.
  document.querySelectorAll(".use-suggestion").forEach(function (button) {
    button.addEventListener("click", function () {
      fill(parseInt(button.dataset.start, 10), parseInt(button.dataset.end, 10));
      if (kindInput && button.dataset.kind) { kindInput.value = button.dataset.kind; }
      if (attributedInput) { attributedInput.value = button.dataset.attributed || ""; }
      quoteInput.focus();
    });
  });
  var suggestionsForm = document.getElementById("suggestions-form");
  if (suggestionsForm) {
    var splitAt = document.getElementById("split-at");
    var lastCaret = null;
    body.addEventListener("mouseup", function () {
      var sel = window.getSelection();
      if (sel && sel.rangeCount) {
        var r = sel.getRangeAt(0);
        lastCaret = offsetOf(r.startContainer, r.startOffset);
      }
    });
    suggestionsForm.addEventListener("submit", function () { if (lastCaret !== null) { splitAt.value = lastCaret; } });
  }
}());

// Job progress without a reload: every [data-job] element polls its data-job-url until the job is done.
// All text comes from the element's data- attributes (rendered in the page's language); no inline script.
(function () {
  "use strict";
  var INTERVAL = 1000;

  function text(el, name, fallback) {
    var value = el.getAttribute("data-" + name);
    return value === null || value === "" ? fallback : value;
  }

  // Numbers in the digits the reader chose (the page says which on <html data-digits>).
  function readerDigits(value) {
    if (document.documentElement.getAttribute("data-digits") !== "arabic") { return value; }
    return value.replace(/[0-9]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩".charAt(+d); });
  }

  function show(el, job) {
    el.setAttribute("data-state", job.state);
    var state = el.querySelector(".job-state");
    if (state) { state.textContent = text(el, "label-" + job.state, job.state); }
    var bar = el.querySelector(".job-progress");
    if (bar) {
      bar.value = job.progress || 0;
      bar.textContent = readerDigits(Math.round((job.progress || 0) * 100) + "%");
    }
    var error = el.querySelector(".job-error");
    if (error) {
      if (job.state === "failed" && job.error) {
        // The translated sentence for the code, then the server's own words (they name the HTTP status).
        var known = text(el, "error-" + job.error.code, "");
        error.textContent = known ? known + " (" + job.error.message + ")" : job.error.message;
        error.hidden = false;
      } else {
        error.hidden = true;
      }
    }
    var result = el.querySelector(".job-result");
    if (result) {
      var link = result.querySelector("a");
      if (job.state === "finished" && job.link) {
        link.href = job.link;
        link.textContent = text(el, "label-open", link.textContent);
        result.hidden = false;
      } else {
        result.hidden = true;
      }
    }
  }

  function poll(el) {
    var url = el.getAttribute("data-job-url");
    var request = new XMLHttpRequest();
    request.open("GET", url);
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status !== 200) { setTimeout(function () { poll(el); }, INTERVAL * 5); return; }
      var job;
      try { job = JSON.parse(request.responseText).job; } catch (e) { return; }
      show(el, job);
      if (job.state === "finished" || job.state === "failed") {
        if (job.state === "finished" && el.getAttribute("data-reload-on-finish")) { window.location.reload(); }
        return;
      }
      setTimeout(function () { poll(el); }, INTERVAL);
    };
    request.onerror = function () { setTimeout(function () { poll(el); }, INTERVAL * 5); };
    request.send();
  }

  var jobs = document.querySelectorAll("[data-job]");
  for (var i = 0; i < jobs.length; i++) {
    var state = jobs[i].getAttribute("data-state");
    if (state === "queued" || state === "running") { poll(jobs[i]); }
  }
}());

/* mentornet web workspace: the few things a page does in place (no framework). */
(function () {
  "use strict";

  function fmtNum(x) {
    if (x === null || x === undefined) return "—";
    var r = Math.round(x * 1000) / 1000;
    return String(r).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  }

  /* A solve job: poll its JSON endpoint, move the bar, reload when it ends. */
  function pollJob(box) {
    var url = box.dataset.job;
    var limit = parseFloat(box.dataset.limit) || 0;
    var elapsed0 = parseFloat(box.dataset.elapsed) || 0;
    var states = JSON.parse(document.getElementById("job-states").textContent);
    var seenRunning = box.dataset.state === "running" ? Date.now() : null;
    var $ = function (id) { return document.getElementById(id); };

    function show(job) {
      var p = job.progress || {};
      $("job-state").textContent = states[job.state] || job.state;
      $("job-state").className = "badge state-" + job.state;
      /* the API writes its messages in English; a page in another language keeps its own words */
      if (job.message && document.documentElement.lang === "en") $("job-message").textContent = job.message;
      $("job-objective").textContent = fmtNum(p.objective);
      $("job-bound").textContent = fmtNum(p.bound);
      $("job-gap").textContent = p.gap === null || p.gap === undefined ? "—" : p.gap > 1 ? "> 100 %" : (100 * p.gap).toFixed(2) + " %";
      $("job-solutions").textContent = p.solutions || 0;
      if (job.state === "running" && seenRunning === null) seenRunning = Date.now();
      var t = seenRunning === null ? 0 : elapsed0 + (Date.now() - seenRunning) / 1000;
      t = Math.max(t, p.seconds || 0);
      $("job-elapsed").textContent = t.toFixed(1);
      var pct = limit > 0 ? Math.min(100, 100 * t / limit) : 0;
      if (job.state !== "queued" && job.state !== "running") pct = 100;
      $("job-bar").style.width = pct.toFixed(1) + "%";
      $("job-progress").setAttribute("aria-valuenow", pct.toFixed(0));
    }

    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (job) {
          show(job);
          if (job.state === "queued" || job.state === "running") setTimeout(tick, 500);
          else setTimeout(function () { window.location.reload(); }, 300);
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    if (box.dataset.state === "queued" || box.dataset.state === "running") tick();
  }

  /* Filter a list of links by the text typed. */
  function filterList(input) {
    var items = document.querySelectorAll(input.dataset.filter);
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      items.forEach(function (el) {
        el.hidden = q !== "" && (el.dataset.name || el.textContent.toLowerCase()).indexOf(q) < 0;
      });
    });
  }

  /* Refuse a file above the server's limit before sending it. */
  function checkSize(form) {
    var max = parseInt(form.dataset.maxBytes, 10);
    var msg = form.querySelector(".size-error");
    form.addEventListener("submit", function (ev) {
      var input = form.querySelector("input[type=file]");
      var f = input && input.files && input.files[0];
      if (f && max && f.size > max) {
        ev.preventDefault();
        msg.textContent = form.dataset.tooBig;
        msg.hidden = false;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var job = document.querySelector("[data-job]");
    if (job) pollJob(job);
    document.querySelectorAll("input[data-filter]").forEach(filterList);
    var up = document.getElementById("upload-form");
    if (up) checkSize(up);
  });
})();

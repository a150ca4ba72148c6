// Progress bars of background jobs: each .job-bar asks /api/jobs/<id> once a second and
// shows items done of total, the rate and the time left; when its job ends the page reloads
// once so the server can show the outcome. The words come from #job-words (the page's language).
(function () {
  "use strict";
  var wordsEl = document.getElementById("job-words");
  if (!wordsEl) return;
  var words = JSON.parse(wordsEl.textContent);
  var P = words.phrases;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }
  function duration(seconds) {
    var whole = Math.round(seconds);
    if (whole < 60) return fill(P.seconds, { s: whole });
    return fill(P.minutes, { m: Math.floor(whole / 60), s: whole % 60 });
  }
  function figures(job, unit) {
    var parts = [job.total === null
      ? fill(P.count_open, { done: job.done, unit: unit })
      : fill(P.count, { done: job.done, total: job.total, unit: unit })];
    if (job.rate !== null) parts.push(fill(P.rate, { rate: job.rate < 10 ? job.rate.toFixed(1) : job.rate.toFixed(0) }));
    if (job.seconds_left !== null) parts.push(fill(P.left, { time: duration(job.seconds_left) }));
    return parts.join(" · ");
  }
  function field(el, name) { return el.querySelector('[data-field="' + name + '"]'); }

  function show(el, job) {
    var bar = field(el, "bar");
    if (job.total !== null) {
      bar.max = Math.max(job.total, 1);
      bar.value = job.done;
    } else if (job.finished) {
      bar.value = 0;
    } else {
      bar.removeAttribute("value");  // an indeterminate bar until the total is known
    }
    var status = field(el, "status");
    status.textContent = words.statuses[job.status] || job.status;
    status.className = "job-status status-" + job.status;
    field(el, "stage").textContent = job.finished ? "" : (words.stages[job.stage] || "");
    field(el, "figures").textContent = figures(job, el.dataset.unit);
  }

  function follow(el) {
    var timer = null;
    function poll() {
      fetch(el.dataset.jobUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) return;
          show(el, job);
          if (job.finished) {
            clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () { /* the next tick tries again */ });
    }
    timer = setInterval(poll, 1000);
    poll();
  }

  document.querySelectorAll(".job-bar[data-job-url]").forEach(function (el) {
    if (el.dataset.finished !== "true") follow(el);
  });
})();

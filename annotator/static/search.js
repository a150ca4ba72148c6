// Dictionary page: re-index in chunks through the API and show progress.
(function () {
  "use strict";
  var form = document.getElementById("reindex-form");
  if (!form) { return; }
  var bar = document.getElementById("reindex-progress");
  var state = document.getElementById("index-state");
  var button = form.querySelector("button");
  var token = document.querySelector("meta[name=csrf-token]").content;

  function show(done, total) {
    bar.hidden = false;
    bar.max = total || 1;
    bar.value = done;
    state.textContent = form.dataset.progressText
      .replace("{done}", String(done)).replace("{total}", String(total));
  }

  function step() {
    return fetch(form.dataset.api, {
      method: "POST",
      headers: { "X-CSRFToken": token, "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      show(data.total - data.stale, data.total);
      if (data.stale > 0 && data.articles > 0) { return step(); }
      state.textContent = form.dataset.doneText;
      return null;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    step().catch(function () { form.submit(); });  // fall back to the plain form
  });
})();

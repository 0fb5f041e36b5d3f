// The admin's video chooser (a modal): while it lists a video that is waiting or being processed,
// ask the server for the states of those videos every few seconds and update their cells in place
// (the chooser's own links and handlers stay). A video that failed can no longer be chosen: its
// link becomes plain text. Loaded on every admin page by hub/video/wagtail_hooks.py.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.statesUrl;
  var WAITING = '.modal [data-video-id][data-video-status="queued"], ' +
    '.modal [data-video-id][data-video-status="processing"]';
  var EVERY_MS = 4000;
  if (!url) return;

  function show(cell, state) {
    cell.dataset.videoStatus = state.status;
    cell.textContent = state.status === "failed" && state.error
      ? state.label + ": " + state.error
      : state.label;
    if (state.status !== "failed") return;
    var row = cell.closest("tr");
    var link = row && row.querySelector("a.media-choice");
    if (link) {
      var text = document.createElement("span");
      text.textContent = link.textContent;
      link.replaceWith(text);
    }
  }

  function poll() {
    var cells = document.querySelectorAll(WAITING);
    if (!cells.length) {
      window.setTimeout(poll, EVERY_MS);
      return;
    }
    var ids = Array.prototype.map.call(cells, function (cell) { return cell.dataset.videoId; });
    fetch(url + "?ids=" + ids.join(","), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        cells.forEach(function (cell) {
          var state = data.videos[cell.dataset.videoId];
          if (state) show(cell, state);
        });
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, EVERY_MS); });
  }
  window.setTimeout(poll, EVERY_MS);
})();

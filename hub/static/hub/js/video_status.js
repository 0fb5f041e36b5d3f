// The admin's media listing and the "Xử lý video" screen: while a video is waiting or being processed, fetch the listing again
// every few seconds and put the new table in place (no full reload, the scroll position stays).
(function () {
  "use strict";
  var WAITING = '[data-video-status="queued"], [data-video-status="processing"]';
  var EVERY_MS = 4000;
  function refresh() {
    if (!document.querySelector(WAITING)) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("table.listing");
        var current = document.querySelector("table.listing");
        if (fresh && current) current.replaceWith(fresh);
      })
      .catch(function () {})
      .then(function () { window.setTimeout(refresh, EVERY_MS); });
  }
  window.setTimeout(refresh, EVERY_MS);
})();

// Text-size control for older readers; the choice is remembered on this device.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.querySelectorAll("[data-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var scale = button.getAttribute("data-text-size");
      document.documentElement.style.setProperty("--text-scale", scale);
      try { localStorage.setItem("hoctap-text-size", scale); } catch (e) { /* private mode */ }
    });
  });
})();

// Video: native HLS where the browser has it (iOS, recent Android), hls.js loaded only on first
// play otherwise, and the MP4 <source> as the fallback for old phones. Never autoplays.
(function () {
  "use strict";
  function attachHls(video, src) {
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
      return Promise.resolve();
    }
    if (!("MediaSource" in window || "ManagedMediaSource" in window)) {
      return Promise.resolve(); // keep the MP4 source
    }
    return new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = video.getAttribute("data-hls-js");
      script.onload = function () {
        if (window.Hls && window.Hls.isSupported()) {
          var hls = new window.Hls({ capLevelToPlayerSize: true, startLevel: 0 });
          hls.loadSource(src);
          hls.attachMedia(video);
        }
        resolve();
      };
      script.onerror = function () { resolve(); };
      document.head.appendChild(script);
    });
  }
  document.querySelectorAll("[data-video-player]").forEach(function (figure) {
    var video = figure.querySelector("video");
    var src = figure.getAttribute("data-hls");
    if (!video || !src) { return; }
    var started = false;
    video.addEventListener("play", function onFirstPlay() {
      if (started) { return; }
      started = true;
      var at = video.currentTime;
      video.pause();
      attachHls(video, src).then(function () {
        video.currentTime = at;
        video.play().catch(function () { /* user can press play again */ });
      });
    });
  });
})();

// Search suggestions: titles matching what is typed, fetched after a short pause.
(function () {
  "use strict";
  var input = document.querySelector("[data-autocomplete]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { return; }
    timer = setTimeout(function () {
      fetch(input.getAttribute("data-autocomplete") + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.innerHTML = "";
          data.suggestions.forEach(function (s) {
            var option = document.createElement("option");
            option.value = s;
            list.appendChild(option);
          });
        }).catch(function () {});
    }, 250);
  });
})();

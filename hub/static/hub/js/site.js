// Text size: three steps (1, 1.25, 1.5 x 18 px), the pressed one marked with aria-pressed. The
// choice is remembered on this device (localStorage, which is per host) and follows the learner
// through the network: a link to another site of the network (a host under <html
// data-network-domain>, or a link marked data-network-link) gets "#co-chu=<step>" when it is
// followed, and base.html's inline script applies and stores that step there before the first
// paint. No cookie: a cookie would take the visitor out of the page cache (hub/caching/pagecache.py)
// and browsers refuse one for a parent domain such as "localhost".
(function () {
  "use strict";
  var KEY = "hoctap-text-size";
  var STEPS = ["1", "1.25", "1.5"];
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  var buttons = document.querySelectorAll("[data-text-size]");

  function valid(step) { return STEPS.indexOf(step) >= 0 ? step : null; }
  function active() { return valid(root.style.getPropertyValue("--text-scale").trim()) || "1"; }
  var chosen = null;
  try { chosen = valid(localStorage.getItem(KEY)); } catch (e) { /* storage blocked */ }
  if (!chosen && active() !== "1") { chosen = active(); } // carried here, storage blocked

  function showPressed() {
    var now = active();
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size") === now));
    });
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      chosen = valid(button.getAttribute("data-text-size")) || "1";
      root.style.setProperty("--text-scale", chosen);
      try { localStorage.setItem(KEY, chosen); } catch (e) { /* private mode */ }
      showPressed();
    });
  });
  showPressed();

  // the step arrived in the address: it is applied and stored, the address is kept clean
  if (/(?:^#|&)co-chu=/.test(location.hash) && window.history && history.replaceState) {
    history.replaceState(history.state, "", location.pathname + location.search);
  }

  var domain = root.getAttribute("data-network-domain") || "";
  function toNetwork(link) {
    if (link.host === location.host || !/^https?:$/.test(link.protocol)) { return false; }
    if (link.hasAttribute("data-network-link")) { return true; }
    var host = link.hostname;
    return domain !== "" && (host === domain || host.slice(-domain.length - 1) === "." + domain);
  }
  function carry(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!chosen || !link || !toNetwork(link)) { return; }
    if (link.hash && !/^#co-chu=/.test(link.hash)) { return; } // the link has its own anchor
    link.hash = "co-chu=" + chosen;
  }
  document.addEventListener("click", carry, true);
  document.addEventListener("auxclick", carry, true);
})();

// Header on phones: "Tìm kiếm" and "Danh mục" become buttons that unfold the search box and the
// menu (one at a time; aria-expanded, aria-controls; Escape folds and returns focus to the
// button). Without this script they stay links: the search page, and the menu through :target.
// On wide screens CSS shows the menu and the search box and hides both buttons.
(function () {
  "use strict";
  var root = document.documentElement;
  var toggles = [];

  function setOpen(toggle, open) {
    toggle.button.setAttribute("aria-expanded", String(open));
    toggle.panel.classList.toggle("is-open", open);
  }
  function isOpen(toggle) { return toggle.button.getAttribute("aria-expanded") === "true"; }

  document.querySelectorAll("a[data-header-toggle]").forEach(function (link) {
    var panel = document.getElementById(link.getAttribute("data-header-toggle"));
    if (!panel) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.innerHTML = link.innerHTML;
    button.setAttribute("aria-controls", panel.id);
    if (link.hasAttribute("data-testid")) { button.setAttribute("data-testid", link.getAttribute("data-testid")); }
    link.parentNode.replaceChild(button, link);
    var toggle = { button: button, panel: panel };
    toggles.push(toggle);
    setOpen(toggle, location.hash === "#" + panel.id); // opened through :target before this ran
    button.addEventListener("click", function () {
      var open = !isOpen(toggle);
      toggles.forEach(function (other) { if (other !== toggle) { setOpen(other, false); } });
      setOpen(toggle, open);
      var field = open && panel.querySelector("input");
      if (field) { field.focus(); }
    });
  });
  if (!toggles.length) { return; }
  root.classList.add("js-header"); // from now on the buttons, not :target, fold the panels

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    toggles.forEach(function (toggle) {
      if (!isOpen(toggle)) { return; }
      setOpen(toggle, false);
      toggle.button.focus();
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

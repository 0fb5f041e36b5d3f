// The learner's box under a lesson (learners/includes/lesson_record.html):
// - visible time: counted only while the page is shown and the learner was active in the last
//   two minutes (or a video plays); sent every 30 s and when the page is hidden;
// - "done": the button, the end of a video, or the end of the lesson seen after a fair time;
// - the quiz: every question's choice sent together (scored on the server and kept for a
//   learner; scored here for a visitor without an account, nothing sent);
// - saved lessons: the phone's offline list and the account's merged both ways.
(function () {
  "use strict";
  var box = document.querySelector("[data-lesson-record]");
  if (!box) { return; }
  var learner = box.getAttribute("data-learner") === "1";
  var token = (box.querySelector("[name=csrfmiddlewaretoken]") || {}).value ||
    (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";

  function post(url, fields, keepalive) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { data.status = response.status; return data; });
    });
  }

  // --- the quiz ----------------------------------------------------------------------------
  var submit = box.querySelector("[data-quiz-submit]");
  var total = box.querySelector("[data-quiz-total]");
  function say(text) { total.hidden = false; total.textContent = text; }
  if (submit) {
    submit.addEventListener("click", function () {
      var fields = {}, correct = 0, count = 0;
      document.querySelectorAll("[data-quiz]").forEach(function (quiz) {
        count += 1;
        var chosen = quiz.querySelector("input[type=radio]:checked");
        if (!chosen) { return; }
        fields[chosen.name] = chosen.value;
        if (chosen.getAttribute("data-correct") === "1") { correct += 1; }
      });
      if (!Object.keys(fields).length) { say(box.getAttribute("data-none-text")); return; }
      function show(result) {
        var text = box.getAttribute("data-result-text")
          .replace("%(correct)s", result.correct).replace("%(total)s", result.total);
        text += " " + box.getAttribute(result.passed ? "data-pass-text" : "data-fail-text");
        if (result.kept) { text += " " + box.getAttribute("data-kept-text"); }
        say(text);
      }
      if (!learner) {
        var percent = parseInt(box.getAttribute("data-pass-percent"), 10) || 70;
        show({ correct: correct, total: count, passed: correct * 100 >= percent * count, kept: false });
        return;
      }
      submit.disabled = true;
      post(box.getAttribute("data-quiz-url"), fields).then(function (result) {
        submit.disabled = false;
        if (result.error) { say(result.error); } else { show(result); }
      }).catch(function () { submit.disabled = false; say(box.getAttribute("data-error-text")); });
    });
  }
  if (!learner) { return; }

  // --- time and "done" ---------------------------------------------------------------------
  var progressUrl = box.getAttribute("data-progress-url");
  var done = box.getAttribute("data-done") === "1";
  var seconds = 0, visibleTotal = 0, lastActive = Date.now(), playing = 0;
  ["scroll", "keydown", "pointerdown", "touchstart", "mousemove"].forEach(function (name) {
    window.addEventListener(name, function () { lastActive = Date.now(); }, { passive: true });
  });
  document.querySelectorAll("video").forEach(function (video) {
    video.addEventListener("play", function () { playing += 1; });
    video.addEventListener("pause", function () { playing = Math.max(0, playing - 1); });
    video.addEventListener("ended", function () { markDone("video"); });
  });
  setInterval(function () {
    if (document.visibilityState === "visible" && (playing || Date.now() - lastActive < 120000)) {
      seconds += 1; visibleTotal += 1;
    }
  }, 1000);
  function report(extra, keepalive) {
    var fields = { seconds: seconds };
    seconds = 0;
    if (extra) { fields.done = extra; }
    return post(progressUrl, fields, keepalive).catch(function () { /* offline: next time */ });
  }
  report("");  // opened
  setInterval(function () { if (seconds) { report(""); } }, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && seconds) { report("", true); }
  });
  function markDone(how) {
    if (done) { return; }
    done = true;
    report(how).then(function () {
      var status = box.querySelector("[data-done-status]");
      var form = box.querySelector("[data-done-form]");
      if (status) { status.hidden = false; }
      if (form) { form.hidden = true; }
    });
  }
  var form = box.querySelector("[data-done-form]");
  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); markDone("button"); });
  }
  // the end of the lesson reached after a fair time: a third of its stated length (at most two
  // minutes), or half a minute for a lesson without one
  var minutes = parseInt(box.getAttribute("data-duration"), 10) || 0;
  var fair = minutes ? Math.min(120, minutes * 20) : 30;
  if ("IntersectionObserver" in window) {
    var seen = false;
    new IntersectionObserver(function (entries) {
      seen = entries.some(function (entry) { return entry.isIntersecting; }) || seen;
    }).observe(box);
    setInterval(function () { if (seen && visibleTotal >= fair) { markDone("end"); } }, 2000);
  }

  // --- saved lessons: the phone's list and the account's, merged ----------------------------
  var syncUrl = box.getAttribute("data-sync-url");
  var local = [];
  try { local = JSON.parse(localStorage.getItem("hoctap-offline") || "[]"); } catch (e) { local = []; }
  local = local.map(function (item) { return typeof item === "string" ? { url: item, title: item } : item; });
  fetch(syncUrl, {
    method: "POST", credentials: "same-origin",
    headers: { "X-CSRFToken": token, "Content-Type": "application/json" },
    body: JSON.stringify({ urls: local.map(function (item) { return item.url; }) })
  }).then(function (response) { return response.json(); }).then(function (data) {
    var known = {};
    local.forEach(function (item) { known[item.url] = true; });
    var added = (data.saved || []).filter(function (item) { return !known[item.url]; });
    if (!added.length) { return; }
    try { localStorage.setItem("hoctap-offline", JSON.stringify(local.concat(added))); } catch (e) { return; }
    if ("caches" in window && navigator.serviceWorker && navigator.serviceWorker.controller) {
      caches.open("hoctap-offline-v1").then(function (cache) {
        return cache.addAll(added.map(function (item) { return item.url; }));
      }).catch(function () { /* fetched next time */ });
    }
  }).catch(function () { /* offline */ });
  // saving for offline also saves to the account
  var save = document.querySelector("[data-offline-save]");
  if (save) {
    save.addEventListener("click", function () { post(box.getAttribute("data-save-url"), {}); });
  }
})();

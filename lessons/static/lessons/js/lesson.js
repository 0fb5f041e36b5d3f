// Lesson page: self-check quizzes, copy link, and saving the lesson for offline reading.
// Its messages come translated from the page (data-quiz-*, data-copy-prompt, data-offline-failed).
(function () {
  "use strict";

  document.querySelectorAll("[data-quiz]").forEach(function (quiz) {
    var button = quiz.querySelector("[data-quiz-check]");
    var result = quiz.querySelector(".quiz__result");
    var explanation = quiz.querySelector(".quiz__explanation");
    quiz.addEventListener("submit", function (event) { event.preventDefault(); });  // Enter key
    button.addEventListener("click", function () {
      var chosen = quiz.querySelector("input[type=radio]:checked");
      result.hidden = false;
      if (!chosen) {
        result.textContent = quiz.getAttribute("data-quiz-none");
        result.className = "quiz__result";
        return;
      }
      var right = chosen.getAttribute("data-correct") === "1";
      result.textContent = quiz.getAttribute(right ? "data-quiz-right" : "data-quiz-wrong");
      result.className = "quiz__result " + (right ? "quiz__result--right" : "quiz__result--wrong");
      if (explanation && right) { explanation.hidden = false; }
    });
  });

  // Copy the lesson's address: the clipboard API where there is one; else (older Android
  // WebViews, Zalo's in-app browser) select the address in a text field and copy that; else show
  // it selected so the learner can copy it by hand.
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-link");
      var done = document.querySelector(".share__copied");
      var field = document.querySelector("[data-copy-field]");
      function shown() { if (done) { done.hidden = false; } }
      function byHand() {
        if (!field) { return; }
        field.hidden = false;
        field.value = url;
        field.focus();
        field.select();
        try {
          if (document.execCommand("copy")) { shown(); }
        } catch (e) { /* the field stays selected for a long press */ }
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(shown, byHand);
      } else {
        byHand();
      }
    });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var save = document.querySelector("[data-offline-save]");
  var badge = document.querySelector("[data-offline-badge]");
  if (!save || !("serviceWorker" in navigator) || !("caches" in window)) { return; }
  var urls = JSON.parse(save.getAttribute("data-offline-urls"));
  // the saved-lessons page and its script are saved too, so the list opens offline
  var list = [save.getAttribute("data-offline-list"), save.getAttribute("data-offline-list-script")]
    .filter(Boolean);
  function markSaved() { save.hidden = true; badge.hidden = false; }
  caches.open("hoctap-offline-v1").then(function (cache) {
    return cache.match(urls[0]);
  }).then(function (hit) {
    if (hit) { markSaved(); } else { save.hidden = false; }
  });
  save.addEventListener("click", function () {
    save.disabled = true;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      return caches.open("hoctap-offline-v1");
    }).then(function (cache) {
      var assets = Array.prototype.map.call(
        document.querySelectorAll("link[rel=stylesheet], script[src], article img[src]"),
        function (el) { return el.href || el.src; });
      return cache.addAll(urls.concat(assets, list));
    }).then(function () {
      try {
        var saved = JSON.parse(localStorage.getItem("hoctap-offline") || "[]").filter(function (item) {
          return (typeof item === "string" ? item : item.url) !== urls[0];
        });
        saved.push({ url: urls[0], title: document.title });
        localStorage.setItem("hoctap-offline", JSON.stringify(saved));
      } catch (e) { /* private mode */ }
      markSaved();
    }).catch(function () {
      save.disabled = false;
      save.textContent = save.getAttribute("data-offline-failed");
    });
  });
})();

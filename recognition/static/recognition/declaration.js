// Saves the self-assessment as the learner answers (a weak connection loses nothing already
// sent); the "Lưu nháp" button does the same without JavaScript.
(function () {
  var form = document.getElementById("declaration-form");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.querySelector("[data-save-status]");
  var timer = null;
  var sending = false;
  var again = false;

  function show(text) { if (status) status.textContent = text; }

  function save() {
    if (sending) { again = true; return; }
    sending = true;
    show(form.dataset.savingText || "Đang lưu…");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) { return [response, data]; });
    }).then(function (pair) {
      var data = pair[1];
      show(data.message || "");
      if (data.total !== undefined) {
        var bar = document.querySelector("[data-progress]");
        if (bar) { bar.value = data.answered; bar.max = data.total; }
        var answered = document.querySelector("[data-answered]");
        if (answered) answered.textContent = answered.textContent.replace(/\d+\/\d+/, data.answered + "/" + data.total);
        var score = document.querySelector("[data-score]");
        if (score) score.textContent = score.textContent.replace(/\d+\/\d+/, data.score + "/" + data.max);
        var grade = document.querySelector("[data-grade]");
        if (grade) grade.textContent = data.grade;
      }
    }).catch(function () {
      show(form.dataset.offlineText || "");
    }).then(function () {
      sending = false;
      if (again) { again = false; save(); }
    });
  }

  function later(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  Array.prototype.forEach.call(form.elements, function (element) {
    if (element.type === "radio" || element.tagName === "SELECT") {
      element.addEventListener("change", function () { later(150); });
    } else if (element.tagName === "TEXTAREA" || element.type === "text") {
      element.addEventListener("input", function () { later(1200); });
    }
  });
})();

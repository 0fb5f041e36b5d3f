// Contest entry: like toggle and share counts (CSRF token from the form; failures stay silent).
// Its one message comes translated from the page (data-copy-prompt on the copy button).
(function () {
  "use strict";
  var form = document.querySelector(".engage");
  if (!form) { return; }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  function post(url) {
    return fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (r) { return r.json(); });
  }
  var like = form.querySelector("[data-like]");
  var message = form.querySelector("[data-like-message]");
  if (like) like.addEventListener("click", function () {
    post(form.getAttribute("data-like-url")).then(function (data) {
      if (!data.ok) { if (message && data.message) { message.textContent = data.message; } return; }
      like.setAttribute("aria-pressed", data.liked ? "true" : "false");
      like.classList.toggle("button--secondary", !data.liked);
      form.querySelector("[data-like-count]").textContent = data.likes;
    }).catch(function () {});
  });
  form.querySelectorAll("[data-share]").forEach(function (el) {
    el.addEventListener("click", function () {
      post(form.getAttribute("data-share-url") + el.getAttribute("data-share") + "/").catch(function () {});
      if (el.hasAttribute("data-copy-link")) {
        var url = el.getAttribute("data-copy-link");
        var prompt = el.getAttribute("data-copy-prompt");
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).catch(function () { window.prompt(prompt, url); });
        } else {
          window.prompt(prompt, url);
        }
      }
    });
  });
})();

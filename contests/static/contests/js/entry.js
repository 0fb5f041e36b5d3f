// Contest entry: like toggle, share counts and "copy link" (CSRF token from the form; a failed
// count stays silent). Its messages come translated from the page (data-copy-* on the copy
// button); they are read out through the form's status line.
(function () {
  "use strict";
  var form = document.querySelector(".engage");
  if (!form) { return; }
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var message = form.querySelector("[data-like-message]");
  function post(url) {
    return fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (r) { return r.json(); });
  }
  function say(text) { if (message && text) { message.textContent = text; } }

  var like = form.querySelector("[data-like]");
  if (like) like.addEventListener("click", function () {
    post(form.getAttribute("data-like-url")).then(function (data) {
      if (!data.ok) { say(data.message); return; }
      like.setAttribute("aria-pressed", data.liked ? "true" : "false");
      like.classList.toggle("button--secondary", !data.liked);
      form.querySelector("[data-like-count]").textContent = data.likes;
    }).catch(function () {});
  });

  // Copy the entry's address: the clipboard API where there is one (secure pages); else (older
  // Android WebViews, Zalo's in-app browser) show the read-only field with the address selected
  // and try the old copy command; else the visitor copies the selected address by hand. Without
  // the field, a prompt holds the address.
  var box = form.querySelector("[data-copy-box]");
  var field = form.querySelector("[data-copy-field]");
  function copyByHand(button, url) {
    if (!box || !field) { window.prompt(button.getAttribute("data-copy-prompt"), url); return; }
    box.classList.add("is-shown");
    field.value = url;
    field.focus();
    field.select();
    try { field.setSelectionRange(0, url.length); } catch (e) { /* some inputs refuse it */ }
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    say(button.getAttribute(copied ? "data-copied" : "data-copy-manual"));
  }
  function copy(button) {
    var url = button.getAttribute("data-copy-link");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(
        function () { say(button.getAttribute("data-copied")); },
        function () { copyByHand(button, url); }
      );
    } else {
      copyByHand(button, url);
    }
  }

  form.querySelectorAll("[data-share]").forEach(function (el) {
    el.addEventListener("click", function () {
      post(form.getAttribute("data-share-url") + el.getAttribute("data-share") + "/").catch(function () {});
      if (el.hasAttribute("data-copy-link")) { copy(el); }
    });
  });
})();

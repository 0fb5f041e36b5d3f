// Contest entry. The page is the same for every visitor (the page cache serves it), so this asks
// the entry's state route once for what is this browser's own: whether it liked the entry,
// whether it may like (else the message to show), the likes now, and the CSRF token of its like
// and share requests. Then the like link (which, without script, opens the like page and its
// form) becomes a toggle button. A failed request stays silent and the link keeps working.
// "Copy link" and its messages come translated from the page (data-copy-* on the copy button);
// messages are read out through the status line.
(function () {
  "use strict";
  var box = document.querySelector("[data-engage]");
  if (!box) { return; }
  var message = box.querySelector("[data-like-message]");
  function say(text) { if (message && text) { message.textContent = text; } }
  function json(r) {
    if (!r.ok && r.status !== 403 && r.status !== 429) { throw new Error(String(r.status)); }
    return r.json();
  }
  var state = fetch(box.getAttribute("data-state-url"), {
    credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" }
  }).then(json);
  function post(url, body) {
    return state.then(function (s) {
      var headers = { "X-CSRFToken": s.csrf_token, "Accept": "application/json" };
      if (body) { headers["Content-Type"] = "application/x-www-form-urlencoded"; }
      return fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: body });
    }).then(json);
  }
  function showCount(likes) {
    box.querySelectorAll("[data-like-count]").forEach(function (el) { el.textContent = likes; });
  }

  var link = box.querySelector("[data-like-link]");
  function pressed(button, liked) {
    button.setAttribute("aria-pressed", liked ? "true" : "false");
    button.classList.toggle("button--secondary", !liked);
  }
  function toggle() {  // the link's content moves into a real toggle button
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.setAttribute("data-like", "");
    while (link.firstChild) { button.appendChild(link.firstChild); }
    var busy = false;
    button.addEventListener("click", function () {
      if (busy) { return; }
      busy = true;
      // what the visitor sees is what it asks for (like / withdraw), not a toggle: a second
      // tab or a stale button cannot undo a like by surprise
      var want = button.getAttribute("aria-pressed") === "true" ? "0" : "1";
      post(link.getAttribute("href"), "thich=" + want).then(function (data) {
        if (!data.ok) { say(data.message); return; }
        pressed(button, data.liked);
        showCount(data.likes);
      }).catch(function () {}).then(function () { busy = false; });
    });
    return button;
  }
  function replaceLink(node) {
    var focused = document.activeElement === link;
    link.parentNode.replaceChild(node, link);
    if (focused && node.focus) { node.focus(); }
  }
  state.then(function (s) {
    showCount(s.likes);
    if (!link) { return; }
    if (s.may_like) {
      var button = toggle();
      pressed(button, s.liked);
      replaceLink(button);
    } else if (s.reason === "sign_in") {
      link.setAttribute("href", link.getAttribute("data-sign-in-url"));
      link.setAttribute("data-testid", "like-sign-in");
      var label = link.querySelector("[data-like-label]");
      if (label) { label.textContent = link.getAttribute("data-sign-in-label"); }
    } else {  // closed since the page was cached, or a learner whose number is not confirmed
      var chip = document.createElement("span");
      chip.className = "chip";
      chip.appendChild(document.createTextNode("♥ "));
      chip.appendChild(link.querySelector("[data-like-count]"));
      replaceLink(chip);
      say(s.message);
    }
  }).catch(function () {});

  // Copy the entry's address: the clipboard API where there is one (secure pages); else (older
  // Android WebViews, Zalo's in-app browser) show the read-only field with the address selected
  // and try the old copy command; else the visitor copies the selected address by hand. Without
  // the field, a prompt holds the address.
  var copyBox = box.querySelector("[data-copy-box]");
  var field = box.querySelector("[data-copy-field]");
  function copyByHand(button, url) {
    if (!copyBox || !field) { window.prompt(button.getAttribute("data-copy-prompt"), url); return; }
    copyBox.classList.add("is-shown");
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

  box.querySelectorAll("[data-share]").forEach(function (el) {
    el.addEventListener("click", function () {
      post(box.getAttribute("data-share-url") + el.getAttribute("data-share") + "/").catch(function () {});
      if (el.hasAttribute("data-copy-link")) { copy(el); }
    });
  });
})();

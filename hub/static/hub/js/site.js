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

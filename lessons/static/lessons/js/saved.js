// The "saved lessons" page: lists what lesson.js saved on this phone (localStorage
// "hoctap-offline": [{url, title}], older entries are plain URLs) and removes a lesson from the
// offline cache on request.
(function () {
  "use strict";
  var list = document.querySelector("[data-saved-list]");
  var empty = document.querySelector("[data-saved-empty]");
  if (!list) { return; }
  var saved = [];
  try { saved = JSON.parse(localStorage.getItem("hoctap-offline") || "[]"); } catch (e) { saved = []; }
  saved = saved.map(function (item) { return typeof item === "string" ? { url: item, title: item } : item; });

  function store() {
    try { localStorage.setItem("hoctap-offline", JSON.stringify(saved)); } catch (e) { /* private mode */ }
  }
  function render() {
    list.textContent = "";
    empty.hidden = saved.length > 0;
    saved.forEach(function (item, index) {
      var row = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title || item.url;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button--secondary";
      remove.textContent = list.getAttribute("data-remove-label");
      remove.addEventListener("click", function () {
        if ("caches" in window) {
          caches.open("hoctap-offline-v1").then(function (cache) { cache.delete(item.url); });
        }
        saved.splice(index, 1);
        store();
        render();
      });
      row.appendChild(link);
      row.appendChild(document.createTextNode(" "));
      row.appendChild(remove);
      list.appendChild(row);
    });
  }
  render();
})();

// Autocomplete for the search box on every page: suggestions from /api/search as you type,
// arrow keys to move, Enter to open, Escape to close. Without JavaScript the form still works.
(function () {
  "use strict";
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-suggestions");
  if (!box || !list) { return; }
  var active = -1, timer = null, last = "";

  function close() {
    list.hidden = true; list.innerHTML = ""; active = -1;
    box.setAttribute("aria-expanded", "false"); box.removeAttribute("aria-activedescendant");
  }

  function show(hits) {
    list.innerHTML = "";
    hits.forEach(function (hit, i) {
      var item = document.createElement("li");
      item.id = "suggestion-" + i;
      item.setAttribute("role", "option");
      var link = document.createElement("a");
      link.href = hit.url;
      link.textContent = hit.label;          // text, never HTML
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = hit.kind + (hit.matched !== hit.label ? " · " + hit.matched : "");
      item.appendChild(link); item.appendChild(kind);
      list.appendChild(item);
    });
    list.hidden = hits.length === 0;
    box.setAttribute("aria-expanded", hits.length ? "true" : "false");
  }

  function highlight(index) {
    var items = list.querySelectorAll("li");
    if (!items.length) { return; }
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    box.setAttribute("aria-activedescendant", items[active].id);
  }

  box.addEventListener("input", function () {
    var q = box.value.trim();
    clearTimeout(timer);
    if (!q) { close(); return; }
    timer = setTimeout(function () {
      last = q;
      fetch("/api/search?q=" + encodeURIComponent(q) + "&limit=8")
        .then(function (r) { return r.json(); })
        .then(function (hits) { if (q === last) { show(hits); } })
        .catch(close);
    }, 120);
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("li a")[active].href;
    }
  });

  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== box) { close(); }
  });
})();

/* Index search: filters the entity list (labels from an inert JSON block, shown as text). */
(function () {
  "use strict";
  var entries = JSON.parse(document.getElementById("entity-data").textContent);
  var input = document.getElementById("entity-search");
  var out = document.getElementById("search-results");
  function show() {
    var q = input.value.trim();
    out.textContent = "";
    if (!q) return;
    var hits = entries.filter(function (e) { return e[0].indexOf(q) >= 0; });
    hits.sort(function (a, b) { return (a[0] === q ? 0 : 1) - (b[0] === q ? 0 : 1) || a[0].length - b[0].length; });
    hits.slice(0, 50).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e[2];
      a.textContent = e[0];
      li.appendChild(a);
      var tag = document.createElement("span");
      tag.className = "kind-tag";
      tag.textContent = e[1];
      li.appendChild(tag);
      out.appendChild(li);
    });
    if (!hits.length) { var li = document.createElement("li"); li.textContent = "未找到"; out.appendChild(li); }
  }
  input.addEventListener("input", show);
  document.getElementById("entity-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    show();
    var first = out.querySelector("a");
    if (first) window.location.href = first.getAttribute("href");
  });
})();

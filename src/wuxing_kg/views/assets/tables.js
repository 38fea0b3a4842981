/* Data tables (table.data): click a header to sort, type to filter, download the shown
   rows as CSV. Cells keep their exact value in data-csv / data-sort (a page shows
   11.18亿美元, the CSV holds 1118000000). Works from file:// with no network: the CSV is
   built in the page and saved through a Blob link. */
(function () {
  "use strict";
  function cellValue(td, attr) {
    var v = td.getAttribute(attr);
    return v === null ? td.textContent.trim() : v;
  }
  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, "zh-CN");
  }
  function csvField(text) {
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function toCsv(table) {
    var lines = [Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return csvField(th.textContent.trim());
    }).join(",")];
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      if (tr.hidden) return;
      lines.push(Array.prototype.map.call(tr.cells, function (td) {
        return csvField(cellValue(td, "data-csv"));
      }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";  // BOM: spreadsheet programs read UTF-8
  }
  function setup(table) {
    var body = table.tBodies[0];
    var bar = document.createElement("div");
    bar.className = "table-tools";
    if (table.id) bar.id = table.id + "-tools";
    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "table-filter";
    filter.placeholder = "筛选此表";
    filter.setAttribute("aria-label", "筛选" + (table.dataset.name || "表格"));
    var count = document.createElement("span");
    count.className = "count table-count";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "csv-download";
    button.textContent = "下载 CSV";
    bar.appendChild(filter);
    bar.appendChild(count);
    bar.appendChild(button);
    table.parentNode.insertBefore(bar, table);
    function shown() {
      var n = 0;
      Array.prototype.forEach.call(body.rows, function (tr) { if (!tr.hidden) n += 1; });
      count.textContent = n + " / " + body.rows.length + " 行";
    }
    filter.addEventListener("input", function () {
      var q = filter.value.trim();
      Array.prototype.forEach.call(body.rows, function (tr) {
        tr.hidden = q !== "" && tr.textContent.indexOf(q) < 0;
      });
      shown();
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.classList.add("sortable");
      th.tabIndex = 0;
      function sort() {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          return dir * compare(cellValue(a.cells[col], "data-sort"), cellValue(b.cells[col], "data-sort"));
        });
        rows.forEach(function (tr) { body.appendChild(tr); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") sort(); });
    });
    button.addEventListener("click", function () {
      var blob = new Blob([toCsv(table)], { type: "text/csv;charset=utf-8" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (document.title.split(" · ")[0] + "-" + (table.dataset.name || table.id)) + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
    shown();
  }
  window.wxTableCsv = toCsv;  // for tests and for copying from the console
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), setup);
})();

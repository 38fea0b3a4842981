// Query page: a plain textarea editor, canned examples, a results table whose cells show
// labels and link to the local entity pages (/id/...). Only same-origin requests.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let config = { idBase: "", queries: [] };

  function setStatus(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  async function loadConfig() {
    const response = await fetch("/queries.json");
    config = await response.json();
    const select = $("examples");
    for (const q of config.queries) {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = (q.title || q.name) + " (" + q.name + ")";
      option.title = q.description || "";
      select.appendChild(option);
    }
  }

  function chooseExample() {
    const q = config.queries.find((x) => x.name === $("examples").value);
    if (!q) return;
    $("query").value = q.query;
    const params = (q.params || []).map((p) => "?" + p.name + " = \"" + p.default + "\"" + (p.description ? " (" + p.description + ")" : ""));
    $("example-description").textContent = (q.description || "") + (params.length ? " 参数: " + params.join("; ") : "");
  }

  function cellNode(term, labels) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const info = labels[term.value] || {};
      const text = info.label || term.value;
      const node = document.createElement(info.href ? "a" : "span");
      if (info.href) node.href = info.href;
      node.textContent = text;
      node.title = term.value;
      td.appendChild(node);
      if (info.label) {
        const small = document.createElement("span");
        small.className = "iri";
        small.textContent = term.value;
        td.appendChild(small);
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }

  async function fetchLabels(iris) {
    if (!iris.length) return {};
    const response = await fetch("/labels", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(iris),
    });
    return response.ok ? response.json() : {};
  }

  async function showSelect(data) {
    const container = $("results");
    container.textContent = "";
    if ("boolean" in data) {
      container.textContent = data.boolean ? "true" : "false";
      return;
    }
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const iris = new Set();
    for (const row of rows) for (const v of vars) if (row[v] && row[v].type === "uri") iris.add(row[v].value);
    const labels = await fetchLabels(Array.from(iris).slice(0, 1000));
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.appendChild(cellNode(row[v], labels));
    }
    container.appendChild(table);
    setStatus(rows.length + " 行");
  }

  async function run() {
    const query = $("query").value;
    setStatus("运行中…");
    $("results").textContent = "";
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: query,
      });
    } catch (err) {
      setStatus("请求失败: " + err, true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      const pre = document.createElement("pre");
      pre.className = "error";
      pre.textContent = await response.text();
      $("results").appendChild(pre);
      setStatus("错误 " + response.status + " (" + ms + " ms)", true);
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      await showSelect(await response.json());
      setStatus($("status").textContent + " · " + ms + " ms");
    } else {
      const pre = document.createElement("pre");
      pre.className = "graph";
      pre.textContent = await response.text();
      $("results").appendChild(pre);
      setStatus((response.headers.get("X-Result-Rows") || "?") + " 条三元组 · " + ms + " ms");
    }
  }

  function download() {
    const format = $("download").value;
    if (!format) return;
    const url = "/sparql?format=" + encodeURIComponent(format) + "&query=" + encodeURIComponent($("query").value);
    window.open(url, "_blank");
    $("download").value = "";
  }

  $("run").addEventListener("click", run);
  $("examples").addEventListener("change", chooseExample);
  $("download").addEventListener("change", download);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    if (event.key === "Tab") {
      event.preventDefault();
      const t = event.target, start = t.selectionStart;
      t.value = t.value.slice(0, start) + "  " + t.value.slice(t.selectionEnd);
      t.selectionStart = t.selectionEnd = start + 2;
    }
  });
  window.wxRun = run;
  loadConfig().catch((err) => setStatus("无法加载示例: " + err, true));
})();

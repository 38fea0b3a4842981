/* Draws one graph page. All data comes from the inert <script type="application/json">
   block and is only ever put into the page as text (textContent, DOM elements for the
   vis tooltips), so text from a bulletin can never become markup or script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function tooltip(head, sub, rows, sentence, source) {
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-head", head));
    if (sub) box.appendChild(el("div", "tip-kind", sub));
    rows.forEach(function (r) {
      var row = el("div", "tip-row");
      row.appendChild(el("span", null, r[0] + "："));
      row.appendChild(document.createTextNode(String(r[1])));
      box.appendChild(row);
    });
    if (sentence) box.appendChild(el("div", "tip-sentence", "原句：" + sentence));
    if (source) box.appendChild(el("div", "tip-src", "出处：" + source));
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var style = data.kinds[n.kind] || {};
    var item = {
      id: n.id, label: n.short, full: n.label, kind: n.kind, place: n.place || null,
      years: n.years || null, page: n.page || null, shape: style.shape, size: style.size,
      color: { background: style.color, border: style.border,
               highlight: { background: style.color, border: "#000" } },
      title: tooltip(n.label, n.sub, n.info || [], n.sentence, n.source)
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    if (n.value !== undefined) item.value = n.value;  // big pages: landmarks get the big labels
    if (n.focus) { item.borderWidth = 4; item.size = (style.size || 16) * 1.4; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {
      id: i, from: e.from, to: e.to, rel: e.rel, label: data.edgeLabels ? e.label : undefined,
      title: tooltip(e.label, e.ends, [], e.sentence, e.source), arrows: "to",
      color: { color: e.color, highlight: "#222", hover: "#222" }
    };
  }));

  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;
  window.graphReady = false;
  function ready() {
    if (window.graphReady) return;
    window.graphReady = true;
    document.body.setAttribute("data-ready", "1");
  }
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      ready();
    });
    network.once("stabilized", ready);
  } else {
    network.once("afterDrawing", ready);
  }

  // Clicking a node opens its page (articles open their bulletin's page).
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var n = nodes.get(p.nodes[0]);
    if (n && n.page && n.page !== data.self) window.location.href = n.page;
  });

  // ---- search: exact label first, then the first label that contains the text.
  var input = document.getElementById("search");
  var status = document.getElementById("status");
  var list = document.getElementById("labels");
  data.nodes.forEach(function (n) { var o = el("option"); o.value = n.label; list.appendChild(o); });
  function find(text) {
    var q = text.trim();
    if (!q) return null;
    var all = nodes.get();
    var hit = all.filter(function (n) { return n.full === q; })[0] ||
              all.filter(function (n) { return n.full.indexOf(q) >= 0; })[0];
    return hit || null;
  }
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var hit = find(input.value);
    if (!hit) { status.textContent = "未找到：" + input.value; return; }
    if (hit.hidden) nodes.update({ id: hit.id, hidden: false });
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.4, animation: false });
    status.textContent = "找到：" + hit.full;
  });

  // ---- filters: kind (the legend), place, year.
  function selected(id) { var s = document.getElementById(id); return s ? s.value : ""; }
  function applyFilters() {
    var kindsOn = {};
    Array.prototype.forEach.call(document.querySelectorAll("input.kind-filter"), function (c) {
      kindsOn[c.value] = c.checked;
    });
    var place = selected("place-filter"), year = selected("year-filter");
    var inPlace = null;
    if (place) {
      inPlace = {};
      nodes.forEach(function (n) { if (n.place === place || n.full === place) inPlace[n.id] = true; });
      var core = Object.keys(inPlace);
      core.forEach(function (id) {
        network.getConnectedNodes(id).forEach(function (m) { inPlace[m] = true; });
      });
    }
    var updates = nodes.map(function (n) {
      var ok = kindsOn[n.kind] !== false &&
        (!inPlace || inPlace[n.id] === true) &&
        (!year || !n.years || n.years.indexOf(Number(year)) >= 0);
      return { id: n.id, hidden: !ok };
    });
    nodes.update(updates);
    var visible = updates.filter(function (u) { return !u.hidden; }).map(function (u) { return u.id; });
    var shown = visible.length;
    if (shown) network.fit({ nodes: visible, animation: false });  // the filter refits the view
    status.textContent = "显示 " + shown + " / " + updates.length + " 个节点";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.kind-filter, select.filter"), function (c) {
    c.addEventListener("change", applyFilters);
  });
  window.applyFilters = applyFilters;
})();

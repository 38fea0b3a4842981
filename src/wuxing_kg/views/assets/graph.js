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
      id: n.id, label: n.short, short: n.short, full: n.label, kind: n.kind, place: n.place || null,
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

  // ---- labels: at every zoom a node's label is drawn only where it overlaps no label
  // already drawn, the most important nodes first (the page's own node, a search hit,
  // places/bodies/programmes/people by degree, then articles and figures); the others
  // wait for a zoom that gives them room. window.__wxLabels lists the drawn labels' boxes
  // (px in the graph box) for the page tests.
  var LABEL_PAD = 2;  // px kept free around every drawn label
  var HIDDEN = "\u200b";  // a label hidden for now (vis-network ignores "" and keeps the old box)
  var MIN_LABEL_PX = 10, MAX_LABEL_PX = 18;  // label size on screen at the first zoom / at most
  var nodeOpts = data.options.nodes || {};
  var threshold = ((nodeOpts.scaling || {}).label || {}).drawThreshold || 5;  // vis-network's default
  var KIND_RANK = { place: 1, organization: 1, program: 1, person: 1, bulletin: 2, article: 3, metric: 4 };
  var degree = {};
  data.edges.forEach(function (e) {
    degree[e.from] = (degree[e.from] || 0) + 1;
    degree[e.to] = (degree[e.to] || 0) + 1;
  });
  var order = data.nodes.map(function (n) { return n; }).sort(function (a, b) {
    return (b.focus ? 1 : 0) - (a.focus ? 1 : 0) || (KIND_RANK[a.kind] || 5) - (KIND_RANK[b.kind] || 5) ||
      (degree[b.id] || 0) - (degree[a.id] || 0) || a.short.length - b.short.length || (a.id < b.id ? -1 : 1);
  }).map(function (n) { return n.id; });
  var labelBox = null;  // id → the label's box relative to its node, canvas units
  var labelOn = {};
  var pinned = null;  // the search hit: its label first
  function measureLabels() {
    labelBox = {};
    var body = network.body.nodes;
    order.forEach(function (id) {
      var b = body[id], s = b && b.labelModule.size;
      if (!s || !s.width) return;
      var box = b.options.shape === "box";  // the label inside the node, else below it
      labelBox[id] = { dx: box ? -s.width / 2 : s.left - b.x, dy: box ? -s.height / 2 : s.top - b.y,
                       w: s.width, h: s.height, font: b.labelModule.fontOptions.size };
    });
  }
  function overlapsAny(grid, r) {
    for (var gx = Math.floor(r.left / 64); gx <= Math.floor(r.right / 64); gx++) {
      for (var gy = Math.floor(r.top / 64); gy <= Math.floor(r.bottom / 64); gy++) {
        var cell = grid[gx + ":" + gy] || [];
        for (var i = 0; i < cell.length; i++) {
          var o = cell[i];
          if (r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom) return true;
        }
      }
    }
    return false;
  }
  function addToGrid(grid, r) {
    for (var gx = Math.floor(r.left / 64); gx <= Math.floor(r.right / 64); gx++) {
      for (var gy = Math.floor(r.top / 64); gy <= Math.floor(r.bottom / 64); gy++) {
        (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(r);
      }
    }
  }
  function placeLabels() {
    if (!labelBox) measureLabels();
    var scale = network.getScale(), pos = network.getPositions(), grid = {}, drawn = [], updates = [];
    var ids = pinned ? [pinned].concat(order.filter(function (id) { return id !== pinned; })) : order;
    ids.forEach(function (id) {
      var box = labelBox[id], n = nodes.get(id), want = true;
      if (box && !n.hidden && box.font * scale >= threshold - 1) {  // vis-network would draw it
        var a = network.canvasToDOM({ x: pos[id].x + box.dx, y: pos[id].y + box.dy });
        var r = { left: a.x - LABEL_PAD, top: a.y - LABEL_PAD,
                  right: a.x + box.w * scale + LABEL_PAD, bottom: a.y + box.h * scale + LABEL_PAD };
        want = !overlapsAny(grid, r);
        if (want) {
          addToGrid(grid, r);
          drawn.push({ id: id, left: a.x, top: a.y, right: a.x + box.w * scale, bottom: a.y + box.h * scale });
        }
      }
      if (labelOn[id] !== want) {
        labelOn[id] = want;
        updates.push({ id: id, label: want ? n.short : HIDDEN });
      }
    });
    if (updates.length) nodes.update(updates);
    window.__wxLabels = drawn;
  }
  window.placeLabels = placeLabels;
  order.forEach(function (id) { labelOn[id] = true; });

  function fitView() {
    network.fit({ animation: false });
    network.moveTo({ scale: Math.min(network.getScale() * 0.95, 1.5), animation: false });
  }
  function ready() {
    if (window.graphReady) return;
    // A little room round the drawing (fit puts the outermost labels on the border),
    // and no giant labels on a page of three nodes.
    fitView();
    var font = (nodeOpts.font || {}).size || 14;
    if (!nodeOpts.scaling && font * network.getScale() < MIN_LABEL_PX) {
      // Labels too small to read at the first zoom: a bigger font (in canvas units) so
      // that they are MIN_LABEL_PX on screen — fewer fit, the rest come with a zoom —
      // capped on screen when zooming in.
      network.setOptions({ nodes: { font: { size: MIN_LABEL_PX / network.getScale() },
                                    scaling: { label: { maxVisible: MAX_LABEL_PX } } } });
      fitView();
    }
    network.redraw();  // the labels' sizes and places, all labels on
    placeLabels();
    network.redraw();
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
    network.once("afterDrawing", function () { setTimeout(ready, 0); });
  }
  network.on("zoom", placeLabels);
  network.on("dragEnd", placeLabels);

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
    pinned = hit.id;
    placeLabels();
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
    placeLabels();  // hidden nodes free room for the labels of the others
    status.textContent = "显示 " + shown + " / " + updates.length + " 个节点";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input.kind-filter, select.filter"), function (c) {
    c.addEventListener("change", applyFilters);
  });
  window.applyFilters = applyFilters;
})();

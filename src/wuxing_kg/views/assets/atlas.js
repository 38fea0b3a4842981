/* The big overview (atlas.html): sigma.js 3 (WebGL) on a graphology graph.
   Positions come precomputed from the build (a cluster per place), so the first frame
   is the stable picture. Text from the bulletins reaches the page only as canvas text
   and textContent, never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var LABEL_SIZE = 13;
  var LABEL_CHARS = 14;
  var FOCUS_SPACING_PX = 48; // after a search, neighbours inside a cluster this far apart
  var status = document.getElementById("status");
  var container = document.getElementById("graph");
  window.graphReady = false;

  function ready() {
    window.graphReadyAt = performance.now(); // ms since navigation: bench_overview.py reads it
    window.graphReady = true;
    document.body.setAttribute("data-ready", "1");
  }

  // ---- the graph: node i has key "i"; data.nodes[i] = [label, x, y, size, kind, page, place]
  var graph = new graphology.UndirectedGraph();
  var kinds = data.kinds;
  var Z = { place: 3, bulletin: 2, organization: 1, program: 1 }; // cluster centres drawn on top
  data.nodes.forEach(function (n, i) {
    var kind = kinds[n[4]] || { kind: "", label: "", color: "#999" };
    graph.addNode(String(i), {
      label: n[0], x: n[1], y: n[2], size: n[3], color: kind.color,
      kind: kind.kind, kindLabel: kind.label, page: n[5], place: n[6], zIndex: Z[kind.kind] || 0
    });
  });
  for (var e = 0; e < data.edges.length; e += 2) {
    graph.addEdge(String(data.edges[e]), String(data.edges[e + 1]), { color: "#eceef1", size: 0.5 });
  }

  // ---- labels: sigma's label grid proposes, we draw only those that do not overlap
  // one already drawn, forced (searched) labels first, then the biggest nodes.
  var proposed = [];
  var drawn = [];
  function proposeLabel(context, d) { proposed.push(d); }
  function shortLabel(text) {
    return text.length <= LABEL_CHARS ? text : text.slice(0, LABEL_CHARS - 1) + "…";
  }
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  function drawLabels(context) {
    proposed.sort(function (a, b) { return (b.forceLabel ? 1 : 0) - (a.forceLabel ? 1 : 0) || b.size - a.size; });
    drawn = [];
    context.font = "normal " + LABEL_SIZE + "px " + FONT;
    context.lineJoin = "round";
    proposed.forEach(function (d) {
      var text = shortLabel(d.label || "");
      if (!text) return;
      var box = { x: d.x + d.size + 2, y: d.y - LABEL_SIZE * 0.75, w: context.measureText(text).width + 2,
                  h: LABEL_SIZE * 1.25 };
      for (var i = 0; i < drawn.length; i++) if (overlaps(box, drawn[i].box)) return;
      context.strokeStyle = "rgba(255,255,255,0.9)";
      context.lineWidth = 3;
      context.strokeText(text, box.x, d.y + LABEL_SIZE / 3);
      context.fillStyle = d.highlighted ? "#000" : "#222";
      context.fillText(text, box.x, d.y + LABEL_SIZE / 3);
      drawn.push({ key: d.key, label: d.label, box: box });
    });
    proposed = [];
  }

  // ---- filters and the searched node, as sigma reducers (the graph itself never changes)
  var hiddenKinds = {};
  var focused = null;
  function nodeReducer(key, attrs) {
    if (hiddenKinds[attrs.kind]) return Object.assign({}, attrs, { hidden: true });
    if (key === focused) return Object.assign({}, attrs, { highlighted: true, forceLabel: true, zIndex: 4,
                                                           size: Math.max(attrs.size * 1.6, 8) });
    return attrs;
  }

  var renderer;
  try {
    renderer = new Sigma(graph, container, {
      renderEdgeLabels: false,
      // 1-px GL lines, not the default quads: a third of the first frame's cost at 2,000 nodes
      // in a software-GL browser, and edges are background at overview scale anyway.
      edgeProgramClasses: { line: Sigma.rendering.EdgeLineProgram },
      labelFont: FONT,
      labelSize: LABEL_SIZE,
      labelDensity: 3, // the grid proposes up to 3 labels a cell; drawLabels keeps those that fit
      labelGridCellSize: 100,
      labelRenderedSizeThreshold: data.labelThreshold,
      defaultDrawNodeLabel: proposeLabel,
      hideEdgesOnMove: data.nodes.length > 5000,
      zIndex: true,
      minCameraRatio: 0.0005,
      maxCameraRatio: 4,
      nodeReducer: nodeReducer
    });
  } catch (err) { // no WebGL in this browser: say so instead of a blank box
    status.textContent = "此浏览器无法使用 WebGL，无法绘制全景图：" + String(err && err.message || err);
    window.atlas = { error: String(err) };
    ready();
    return;
  }
  var labelContext = renderer.getCanvases().labels.getContext("2d");
  renderer.on("afterRender", function () { drawLabels(labelContext); });
  var camera = renderer.getCamera();
  renderer.refresh(); // the first render ran inside the constructor, before our listener

  // ---- click opens the page; hover says what the node is
  renderer.on("clickNode", function (p) {
    var page = graph.getNodeAttribute(p.node, "page");
    if (page) window.location.href = page;
  });
  renderer.on("enterNode", function (p) {
    var a = graph.getNodeAttributes(p.node);
    status.textContent = a.label + " · " + a.kindLabel + (a.place && a.place !== a.label ? " · " + a.place : "");
    container.style.cursor = a.page ? "pointer" : "default";
  });
  renderer.on("leaveNode", function () { container.style.cursor = "default"; });

  // ---- search: exact label first, then labels starting with the text, then containing it
  var input = document.getElementById("search");
  var results = document.getElementById("atlas-results");
  function find(text, limit) {
    var q = text.trim();
    if (!q) return [];
    var scored = [];
    graph.forEachNode(function (key, a) {
      var at = a.label.indexOf(q);
      if (at < 0 || hiddenKinds[a.kind]) return;
      scored.push([a.label === q ? 0 : at === 0 ? 1 : 2, -a.size, a.label.length, key]);
    });
    scored.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    return scored.slice(0, limit || 12).map(function (s) { return s[3]; });
  }
  function pixelsPerUnit() {
    var a = renderer.graphToViewport({ x: 0, y: 0 });
    var b = renderer.graphToViewport({ x: 100, y: 0 });
    return Math.abs(b.x - a.x) / 100;
  }
  function focusNode(key, animate) {
    focused = key;
    renderer.refresh({ skipIndexation: true });
    var d = renderer.getNodeDisplayData(key);
    var ratio = camera.ratio * Math.min(1, pixelsPerUnit() * data.spacing / FOCUS_SPACING_PX);
    var state = { x: d.x, y: d.y, ratio: ratio, angle: camera.angle };
    if (animate) camera.animate(state, { duration: 450 });
    else camera.setState(state);
    status.textContent = "已定位：" + graph.getNodeAttribute(key, "label");
  }
  function showResults() {
    results.textContent = "";
    find(input.value, 12).forEach(function (key) {
      var a = graph.getNodeAttributes(key);
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = a.label + "（" + a.kindLabel + "）";
      button.addEventListener("click", function () { results.textContent = ""; focusNode(key, true); });
      li.appendChild(button);
      results.appendChild(li);
    });
  }
  input.addEventListener("input", showResults);
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    results.textContent = "";
    var hit = find(input.value, 1)[0];
    if (hit === undefined) { status.textContent = "未找到：" + input.value; return; }
    focusNode(hit, true);
  });
  document.getElementById("reset-view").addEventListener("click", function () {
    focused = null;
    renderer.refresh({ skipIndexation: true });
    camera.animatedReset({ duration: 300 });
  });

  // ---- kind filters (the legend)
  Array.prototype.forEach.call(document.querySelectorAll("input.kind-filter"), function (box) {
    box.addEventListener("change", function () {
      hiddenKinds[box.value] = !box.checked;
      renderer.refresh();
    });
  });

  window.atlas = {
    renderer: renderer, graph: graph, camera: camera, find: find, focus: focusNode,
    labels: function () { return drawn.map(function (l) { return { key: l.key, label: l.label, box: l.box }; }); }
  };
  requestAnimationFrame(function () { requestAnimationFrame(ready); });
})();

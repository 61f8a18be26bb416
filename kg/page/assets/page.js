// The page: draw the network from the inlined JSON (positions computed at build time,
// physics off), then wire the legend filters, the search box, the side panel and the
// neighbourhood highlight. window.kgPage exposes the DataSets to tests.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("network");
  // Data set after the handlers, so no stabilization or draw event is missed.
  const network = new vis.Network(container, {}, data.options);
  const page = { data, nodes, edges, network, ready: false, selected: null };
  window.kgPage = page;

  const byKey = (entries) => Object.fromEntries(entries.map((entry) => [entry.key, entry]));
  const relationOrder = data.relations.map((entry) => entry.key);
  const original = new Map(data.edges.map((edge) => [edge.id, edge]));
  const panel = document.getElementById("panel");
  const hint = panel.firstElementChild;
  const context = { nodes, types: byKey(data.types), relations: byKey(data.relations), focus };

  // ---------------------------------------------------------------- highlight

  const NODE_FONT = { color: "#222222" };
  const FADED_NODE = { color: "rgba(190,190,190,0.35)", font: { color: "rgba(0,0,0,0.2)" } };
  const FADED_EDGE = { color: { color: "rgba(190,190,190,0.25)" }, font: { color: "rgba(0,0,0,0)", strokeWidth: 0 } };
  let fadedNodes = new Set();
  let fadedEdges = new Set();

  function restyle(dataSet, fadedBefore, fadedNow, faded, restore) {
    const updates = [];
    fadedNow.forEach((id) => { if (!fadedBefore.has(id)) updates.push({ id, ...faded }); });
    fadedBefore.forEach((id) => { if (!fadedNow.has(id)) updates.push(restore(id)); });
    dataSet.update(updates);
  }

  // A big graph redraws slowly, so its neighbourhood is shown as vis's own selection
  // (one redraw, no data change): the node, its neighbours and the edges between them.
  function selectNeighbourhood(nodeId) {
    if (!nodeId) return network.unselectAll();
    network.setSelection({ nodes: [nodeId, ...network.getConnectedNodes(nodeId)], edges: network.getConnectedEdges(nodeId) },
      { unselectAll: true, highlightEdges: false });
  }

  // Fade everything outside the node's neighbourhood; null restores every colour.
  function highlight(nodeId) {
    if (!data.fade) return selectNeighbourhood(nodeId);
    const keepNodes = new Set(nodeId ? [nodeId, ...network.getConnectedNodes(nodeId)] : nodes.getIds());
    const keepEdges = new Set(nodeId ? network.getConnectedEdges(nodeId) : edges.getIds());
    const nowNodes = new Set(nodes.getIds().filter((id) => !keepNodes.has(id)));
    const nowEdges = new Set(edges.getIds().filter((id) => !keepEdges.has(id)));
    restyle(nodes, fadedNodes, nowNodes, FADED_NODE,
      (id) => ({ id, color: data.nodesById.get(id).color, font: NODE_FONT }));
    restyle(edges, fadedEdges, nowEdges, FADED_EDGE,
      (id) => ({ id, color: original.get(id).color, font: data.options.edges.font }));
    fadedNodes = nowNodes;
    fadedEdges = nowEdges;
  }

  // ---------------------------------------------------------------- selection and panel

  function incidentEdges(nodeId) {
    const otherName = (edge) => nodes.get(edge.from === nodeId ? edge.to : edge.from).name;
    return edges.get(network.getConnectedEdges(nodeId)).sort((a, b) =>
      relationOrder.indexOf(a.relation) - relationOrder.indexOf(b.relation) ||
      otherName(a).localeCompare(otherName(b), "ru"));
  }

  function select(nodeId) {
    page.selected = nodeId;
    kgPanel.showNode(panel, nodes.get(nodeId), incidentEdges(nodeId), context);
    panel.scrollTop = 0;
    highlight(nodeId);
  }

  function clearSelection() {
    page.selected = null;
    panel.replaceChildren(hint);
    highlight(null);
  }

  function focus(nodeId) {
    network.selectNodes([nodeId]);
    network.focus(nodeId, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    select(nodeId);
  }

  network.on("click", (params) => {
    if (params.nodes.length) select(params.nodes[0]);
    else if (params.edges.length) {
      if (data.fade) highlight(null);
      kgPanel.showEdge(panel, edges.get(params.edges[0]), context);
    } else clearSelection();
  });

  // ---------------------------------------------------------------- search box

  const input = document.getElementById("search");
  const results = document.getElementById("search-results");
  const index = kgSearch.buildIndex(data.nodes);
  let found = [];
  let active = -1;

  function showResults() {
    results.replaceChildren();
    found.forEach((result, i) => {
      const item = kgPanel.el("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === active));
      item.dataset.id = result.id;
      const type = context.types[result.type];
      item.append(kgPanel.swatch(type.shape, type.colour), kgPanel.el("span", result.name));
      if (result.alias) item.appendChild(kgPanel.el("span", result.alias, "alias"));
      item.addEventListener("mousedown", (event) => { event.preventDefault(); pick(i); });
      results.appendChild(item);
    });
    if (!found.length && input.value.trim()) results.appendChild(kgPanel.el("li", "ничего не найдено", "empty"));
    results.hidden = !input.value.trim();
  }

  function pick(i) {
    const result = found[i] || found[0];
    if (!result) return;
    results.hidden = true;
    input.value = result.name;
    focus(result.id);
  }

  input.addEventListener("input", () => {
    found = kgSearch.find(index, input.value);
    active = -1;
    showResults();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      active = Math.max(0, Math.min(found.length - 1, active + (event.key === "ArrowDown" ? 1 : -1)));
      showResults();
      event.preventDefault();
    } else if (event.key === "Enter") pick(active);
    else if (event.key === "Escape") results.hidden = true;
  });
  input.addEventListener("blur", () => { results.hidden = true; });

  // ---------------------------------------------------------------- legend, stats, ready

  page.select = select;
  page.focus = focus;
  data.nodesById = new Map(data.nodes.map((node) => [node.id, node]));
  page.filters = kgFilters.create(page, document.getElementById("type-filters"),
    document.getElementById("relation-filters"));
  document.getElementById("stats").textContent =
    data.nodes.length + " узлов · " + data.edges.length + " связей";
  // Fit the graph into the part of the canvas the legend does not cover (vis's own fit
  // centres it under the legend). Labels hang below nodes: keep a margin for them.
  function fitBesideLegend() {
    const points = Object.values(network.getPositions());
    if (!points.length) return;
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const legend = document.getElementById("legend").offsetWidth + 24, margin = 70;
    const width = Math.max(container.clientWidth - legend - margin, 100);
    const height = Math.max(container.clientHeight - 2 * margin, 100);
    const scale = Math.min(1, width / Math.max(right - left, 1), height / Math.max(bottom - top, 1));
    const position = { x: (left + right) / 2 - legend / 2 / scale, y: (top + bottom) / 2 };
    network.moveTo({ scale, position });
  }

  function markReady() {
    network.once("afterDrawing", () => {
      page.ready = true;
      page.readyAt = performance.now();
      document.body.dataset.ready = "true";
    });
    fitBesideLegend();
  }
  if (data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      markReady();
    });
    network.setData({ nodes, edges });
  } else {
    network.setData({ nodes, edges });
    markReady();
  }
})();

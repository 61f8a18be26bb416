// The page: draw the network from the inlined JSON (positions computed at build time,
// physics off for a big graph), open on its connected part, and wire the legend filters and
// view controls (kgView), the search box, the side panel, the ego view, the neighbourhood
// highlight, colour and size, and the exports. window.kgPage exposes it all to tests.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const container = document.getElementById("network");
  // Data set after the handlers, so no stabilization or draw event is missed.
  const network = new vis.Network(container, {}, data.options);
  const page = { data, nodes, edges, network, ready: false, selected: null, colourBy: "type", sizeBy: "degree" };
  window.kgPage = page;

  const byKey = (entries) => Object.fromEntries(entries.map((entry) => [entry.key, entry]));
  const relationOrder = data.relations.map((entry) => entry.key);
  const original = new Map(data.edges.map((edge) => [edge.id, edge]));
  data.nodesById = new Map(data.nodes.map((node) => [node.id, node]));
  const panel = document.getElementById("panel");
  const hint = panel.firstElementChild;
  const context = { nodes, types: byKey(data.types), relations: byKey(data.relations), focus };
  const communityColour = new Map(data.communities.map((c) => [c.id, c.colour]));

  // ---------------------------------------------------------------- colour and size

  page.colourOf = (id) => {
    const node = data.nodesById.get(id);
    return page.colourBy === "community" ? communityColour.get(node.community) || data.otherCommunity : node.color;
  };

  function recolour() {
    nodes.update(data.nodes.map((n) => ({ id: n.id, color: fadedNodes.has(n.id) ? FADED_NODE.color : page.colourOf(n.id) })));
    const legend = document.getElementById("community-legend");
    legend.hidden = page.colourBy !== "community";
    legend.replaceChildren(...data.communities.map((c) => {
      const item = kgPanel.el("li");
      item.append(kgPanel.swatch("dot", c.colour), kgPanel.el("span", c.top + " (" + c.size + ")"));
      return item;
    }));
  }

  function resize() {
    nodes.update(data.nodes.map((n) => ({ id: n.id, size: n.sizes[page.sizeBy] })));
  }

  // ---------------------------------------------------------------- highlight

  const FADED_NODE = { color: "rgba(190,190,190,0.35)" };
  const FADED_EDGE = { color: { color: "rgba(190,190,190,0.25)" }, font: { color: "rgba(0,0,0,0)", strokeWidth: 0 } };
  let fadedNodes = new Set();
  let fadedEdges = new Set();
  page.isFaded = (id) => fadedNodes.has(id);

  function restyle(dataSet, fadedBefore, fadedNow, faded, restore) {
    const updates = [];
    fadedNow.forEach((id) => { if (!fadedBefore.has(id)) updates.push({ id, ...faded }); });
    fadedBefore.forEach((id) => { if (!fadedNow.has(id)) updates.push(restore(id)); });
    dataSet.update(updates);
  }

  // The node's neighbours over the edges the filters show (vis counts hidden edges too).
  function neighbourhood(nodeId) {
    const shown = edges.get(network.getConnectedEdges(nodeId)).filter((edge) => !edge.hidden);
    return { nodes: [nodeId, ...shown.map((edge) => (edge.from === nodeId ? edge.to : edge.from))],
             edges: shown.map((edge) => edge.id) };
  }

  // A very big graph redraws slowly, so its neighbourhood is shown as vis's own selection
  // (one redraw, no data change): the node, its neighbours and the edges between them.
  function selectNeighbourhood(nodeId) {
    if (!nodeId) return network.unselectAll();
    network.setSelection(neighbourhood(nodeId), { unselectAll: true, highlightEdges: false });
  }

  // Fade everything outside the node's neighbourhood; null restores every colour.
  function highlight(nodeId) {
    if (!data.fade) return selectNeighbourhood(nodeId);
    const near = nodeId && neighbourhood(nodeId);
    const keepNodes = new Set(nodeId ? near.nodes : nodes.getIds());
    const keepEdges = new Set(nodeId ? near.edges : edges.getIds());
    const nowNodes = new Set(nodes.getIds().filter((id) => !keepNodes.has(id)));
    const nowEdges = new Set(edges.getIds().filter((id) => !keepEdges.has(id)));
    restyle(nodes, fadedNodes, nowNodes, FADED_NODE, (id) => ({ id, color: page.colourOf(id) }));
    restyle(edges, fadedEdges, nowEdges, FADED_EDGE,
      (id) => ({ id, color: original.get(id).color, font: original.get(id).font || data.options.edges.font }));
    fadedNodes = nowNodes;
    fadedEdges = nowEdges;
  }

  // ---------------------------------------------------------------- selection, panel, ego view

  function incidentEdges(nodeId) {
    const otherName = (edge) => nodes.get(edge.from === nodeId ? edge.to : edge.from).name;
    return edges.get(network.getConnectedEdges(nodeId)).filter((edge) => !edge.hidden).sort((a, b) =>
      relationOrder.indexOf(a.relation) - relationOrder.indexOf(b.relation) ||
      otherName(a).localeCompare(otherName(b), "ru"));
  }

  function egoButtons(nodeId) {
    const box = kgPanel.el("div", "Окружение: ", "ego");
    [1, 2].forEach((hops) => {
      const button = kgPanel.el("button", hops === 1 ? "1 шаг" : "2 шага");
      button.type = "button";
      button.dataset.hops = String(hops);
      button.addEventListener("click", () => page.view.ego(nodeId, hops));
      box.appendChild(button);
    });
    return box;
  }

  function select(nodeId) {
    page.selected = nodeId;
    kgPanel.showNode(panel, nodes.get(nodeId), incidentEdges(nodeId), context);
    panel.insertBefore(egoButtons(nodeId), panel.children[2] || null);
    panel.scrollTop = 0;
    highlight(nodeId);
  }

  function clearSelection() {
    page.selected = null;
    panel.replaceChildren(hint);
    highlight(null);
  }

  // A node the filters hide is shown in its own neighbourhood.
  function focus(nodeId) {
    if (nodes.get(nodeId).hidden) page.view.ego(nodeId, 1);
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
  network.on("doubleClick", (params) => {
    if (params.nodes.length) page.view.ego(params.nodes[0], 1);
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

  // ---------------------------------------------------------------- view, legend, ready

  const byId = (id) => document.getElementById(id);
  page.select = select;
  page.focus = focus;
  page.labels = kgLabels.create(page);
  const ui = { stats: byId("stats"), legend: byId("legend"), isolatedLabel: byId("isolated-label"),
               egoBar: byId("ego-bar"), egoLabel: byId("ego-label"), counts: null };
  page.view = kgView.create(page, ui);
  ui.counts = kgFilters.create(page, page.view, byId("type-filters"), byId("relation-filters"));
  kgFilters.controls(page, page.view);
  byId("ego-back").addEventListener("click", () => page.view.leaveEgo());
  byId("colour-by").addEventListener("change", (event) => { page.colourBy = event.target.value; recolour(); });
  byId("size-by").addEventListener("change", (event) => { page.sizeBy = event.target.value; resize(); });
  page.exports = kgExports.wire(page);
  if (data.total > data.nodes.length) {
    const note = byId("truncated");
    note.hidden = false;
    note.textContent = "граф велик для страницы: показаны " + data.nodes.length + " самых центральных из " +
      data.total + " сущностей (kg viz --max-nodes)";
  }
  page.view.apply({ fit: false });

  function markReady() {
    network.once("afterDrawing", () => {
      page.ready = true;
      page.readyAt = performance.now();
      document.body.dataset.ready = "true";
    });
    page.view.fit();
  }
  if (data.options.physics.enabled && data.nodes.length) {  // an empty network never stabilizes
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      page.view.keepPositions();
      markReady();
    });
    network.setData({ nodes, edges });
  } else {
    network.setData({ nodes, edges });
    markReady();
  }
})();

// What the network shows: every filter (types, relations, isolated nodes, minimum links,
// dates, the ego view) is one state, and apply() works out from it which nodes and edges are
// visible, updates only those whose hidden flag changes, sets the counters and re-fits.
// A node's links are counted over the edges the filters leave.
const kgView = (() => {
  "use strict";

  function create(page, ui) {
    const { nodes, edges, network, data } = page;
    const state = {
      hiddenTypes: new Set(), hiddenRelations: new Set(["coMention"]), showIsolated: false, minLinks: 1,
      from: "", to: "", ego: null,
    };
    const home = new Map(data.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
    const result = { shown: new Set(), edges: [], isolated: 0, links: new Map() };

    const dated = () => Boolean(state.from || state.to);
    const inRange = (d) => (!state.from || d >= state.from) && (!state.to || d <= state.to);
    const dateOk = (dates) => !dated() || (dates || []).some(inRange);

    function compute() {
      const passing = new Set(data.nodes.filter((n) => !state.hiddenTypes.has(n.type) && dateOk(n.dates)).map((n) => n.id));
      const candidate = data.edges.filter((e) => !state.hiddenRelations.has(e.relation) &&
        passing.has(e.from) && passing.has(e.to) && (!(e.dates && e.dates.length) || dateOk(e.dates)));
      const links = new Map();
      candidate.forEach((e) => {
        links.set(e.from, (links.get(e.from) || 0) + 1);
        links.set(e.to, (links.get(e.to) || 0) + 1);
      });
      let shown;
      if (state.ego) shown = neighbourhood(state.ego.id, state.ego.hops, candidate);
      else shown = new Set([...passing].filter((id) => {
        const count = links.get(id) || 0;
        return count ? count >= state.minLinks : state.showIsolated;
      }));
      const isolated = [...passing].filter((id) => !links.get(id)).length;
      return { shown, edges: candidate.filter((e) => shown.has(e.from) && shown.has(e.to)), isolated, links };
    }

    function neighbourhood(centre, hops, candidate) {
      const next = new Map();
      candidate.forEach((e) => {
        if (!next.has(e.from)) next.set(e.from, []);
        if (!next.has(e.to)) next.set(e.to, []);
        next.get(e.from).push(e.to);
        next.get(e.to).push(e.from);
      });
      const found = new Map([[centre, 0]]);
      let ring = [centre];
      for (let hop = 1; hop <= hops; hop++) {
        const outer = [];
        ring.forEach((id) => (next.get(id) || []).forEach((other) => {
          if (!found.has(other)) { found.set(other, hop); outer.push(other); }
        }));
        ring = outer;
      }
      state.ego.rings = found;
      return new Set(found.keys());
    }

    function apply(options = {}) {
      Object.assign(result, compute());
      const nodeUpdates = [];
      nodes.forEach((n) => {
        const hidden = !result.shown.has(n.id);
        if (Boolean(n.hidden) !== hidden) nodeUpdates.push({ id: n.id, hidden });
      });
      nodes.update(nodeUpdates);
      const visibleEdges = new Set(result.edges.map((e) => e.id));
      const edgeUpdates = [];
      edges.forEach((e) => {
        const hidden = !visibleEdges.has(e.id);
        if (Boolean(e.hidden) !== hidden) edgeUpdates.push({ id: e.id, hidden });
      });
      edges.update(edgeUpdates);
      if (state.ego) layoutEgo();
      counters();
      page.labels.refresh([...result.shown]);
      if (options.fit !== false) fit();
    }

    // The ego network laid out afresh: the node in the middle, each ring of neighbours on a
    // circle around it, ordered by community and name so that groups sit together.
    function layoutEgo() {
      const rings = [];
      state.ego.rings.forEach((hop, id) => { (rings[hop] = rings[hop] || []).push(nodes.get(id)); });
      const updates = [{ id: state.ego.id, x: 0, y: 0 }];
      let radius = 0;
      rings.slice(1).forEach((ring) => {
        ring.sort((a, b) => a.community - b.community || a.name.localeCompare(b.name, "ru"));
        radius = Math.max(radius + 220, ring.length * 40 / (2 * Math.PI));
        ring.forEach((node, i) => {
          const angle = 2 * Math.PI * i / ring.length - Math.PI / 2;
          updates.push({ id: node.id, x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)) });
        });
      });
      nodes.update(updates);
    }

    function ego(id, hops) {
      if (state.ego) restoreHome();
      state.ego = { id, hops };
      ui.egoBar.hidden = false;
      ui.egoLabel.textContent = "Окружение (" + hops + (hops === 1 ? " шаг" : " шага") + "): " + nodes.get(id).name;
      apply();
    }

    function restoreHome() {
      nodes.update([...state.ego.rings.keys()].map((id) => ({ id, ...home.get(id) })));
    }

    function leaveEgo() {
      if (!state.ego) return;
      restoreHome();
      state.ego = null;
      ui.egoBar.hidden = true;
      apply();
    }

    function counters() {
      const byType = {};
      result.shown.forEach((id) => { const t = nodes.get(id).type; byType[t] = (byType[t] || 0) + 1; });
      const totalNodes = data.nodes.length, totalEdges = data.edges.length;
      ui.stats.textContent = "показано " + result.shown.size + " из " + totalNodes + " узлов · " +
        result.edges.length + " из " + totalEdges + " связей";
      ui.counts.types.forEach((element, key) => {
        element.textContent = (byType[key] || 0) + "/" + data.types.find((t) => t.key === key).count;
      });
      const byRelation = {};
      result.edges.forEach((e) => { byRelation[e.relation] = (byRelation[e.relation] || 0) + 1; });
      ui.counts.relations.forEach((element, key) => {
        element.textContent = (byRelation[key] || 0) + "/" + data.relations.find((r) => r.key === key).count;
      });
      ui.isolatedLabel.textContent = "Узлы без связей (" + result.isolated + ")";
    }

    // Fit the visible nodes into the part of the canvas the legend does not cover.
    function fit() {
      const ids = [...result.shown];
      if (!ids.length) return;
      const positions = network.getPositions(ids);
      const body = network.body.nodes;
      let [left, right, top, bottom] = [Infinity, -Infinity, Infinity, -Infinity];
      ids.forEach((id) => {
        const p = positions[id], size = (body[id] && body[id].options.size) || 10;
        left = Math.min(left, p.x - size); right = Math.max(right, p.x + size);
        top = Math.min(top, p.y - size); bottom = Math.max(bottom, p.y + size);
      });
      const container = network.body.container;
      const legend = ui.legend.offsetWidth + 24, margin = 80;  // labels reach past their nodes
      const width = Math.max(container.clientWidth - legend - 2 * margin, 100);
      const height = Math.max(container.clientHeight - 2 * margin, 100);
      const scale = Math.min(1.5, width / Math.max(right - left, 1), height / Math.max(bottom - top, 1));
      network.moveTo({ scale, position: { x: (left + right) / 2 - legend / 2 / scale, y: (top + bottom) / 2 + 10 / scale } });
    }

    // Where a settled layout (physics on a small graph) left the nodes: the ego view returns there.
    function keepPositions() {
      Object.entries(network.getPositions()).forEach(([id, p]) => home.set(id, { x: Math.round(p.x), y: Math.round(p.y) }));
    }

    return { state, result, apply, ego, leaveEgo, fit, keepPositions };
  }

  return { create };
})();

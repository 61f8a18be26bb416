// Node labels drawn by the page, not by vis.js, so that no two overlap: after each redraw the
// labels are placed in order of importance (the selected node and its neighbours, then by
// PageRank), each only where it overlaps no label already placed; zooming in makes room for
// more. The selected node's edge labels are placed the same way. page.labels.drawn lists
// what was drawn, in screen pixels, for tests.
const kgLabels = (() => {
  "use strict";
  const FONT_PX = 13, EDGE_FONT_PX = 11, LINE = 1.25, MAX_LABELS = 500, CELL = 80;

  function create(page) {
    const { network, nodes, edges } = page;
    const widths = new Map();
    const state = { drawn: [], order: [] };
    const canvas = () => network.canvas.frame.canvas;

    function refresh(visibleIds) {
      state.order = nodes.get(visibleIds, { fields: ["id", "rank"] }).sort((a, b) => a.rank - b.rank).map((n) => n.id);
    }

    function width(ctx, key, text, px) {
      if (!widths.has(key)) {
        ctx.font = px + "px sans-serif";
        widths.set(key, ctx.measureText(text).width);
      }
      return widths.get(key);
    }

    // Boxes in screen pixels, kept in a grid of CELL-pixel cells.
    function placer() {
      const grid = new Map();
      const cells = (b) => {
        const keys = [];
        for (let i = Math.floor(b[0] / CELL); i <= Math.floor(b[2] / CELL); i++)
          for (let j = Math.floor(b[1] / CELL); j <= Math.floor(b[3] / CELL); j++) keys.push(i + ":" + j);
        return keys;
      };
      const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
      return {
        fits(box) { return cells(box).every((k) => !(grid.get(k) || []).some((other) => overlaps(box, other))); },
        add(box) { cells(box).forEach((k) => { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(box); }); },
      };
    }

    function draw(ctx) {
      const scale = network.getScale();
      const view = canvas();
      const ratio = view.width / view.clientWidth || 1;
      const [w, h] = [view.width / ratio, view.height / ratio];
      const topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
      const toScreen = (x, y) => [(x - topLeft.x) * scale, (y - topLeft.y) * scale];
      const places = placer();
      const drawn = [];
      const selected = page.selected && nodes.get(page.selected);
      const first = selected && !selected.hidden ? [page.selected, ...network.getConnectedNodes(page.selected)
        .filter((id) => !page.isFaded(id))] : [];
      const seen = new Set();
      ctx.save();
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      const body = network.body.nodes;
      const put = (id, text, x, y, px, colour, kind) => {
        const textWidth = width(ctx, kind + id, text, px);
        const [sx, sy] = toScreen(x, y);
        const box = [sx - textWidth / 2 - 2, sy, sx + textWidth / 2 + 2, sy + px * LINE];
        if (box[2] < 0 || box[0] > w || box[3] < 0 || box[1] > h || !places.fits(box)) return;
        places.add(box);
        ctx.font = px / scale + "px sans-serif";
        ctx.lineWidth = 4 / scale;
        ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.fillStyle = colour;
        ctx.strokeText(text, x, y);
        ctx.fillText(text, x, y);
        drawn.push({ id, kind, box });
      };
      for (const id of first.concat(state.order)) {
        if (seen.has(id) || drawn.length >= MAX_LABELS) continue;
        seen.add(id);
        const node = body[id];
        if (!node || node.options.hidden) continue;
        const faded = page.isFaded(id);
        put(id, nodes.get(id).text, node.x, node.y + node.options.size + 3 / scale, FONT_PX,
            faded ? "rgba(0,0,0,0.25)" : "#222", "node");
        if (id === page.selected) {
          for (const edgeId of network.getConnectedEdges(id)) {
            const edge = edges.get(edgeId);
            if (edge.hidden || !edge.label) continue;
            const [a, b] = [body[edge.from], body[edge.to]];
            put(edgeId, edge.label, (a.x + b.x) / 2, (a.y + b.y) / 2 - EDGE_FONT_PX / 2 / scale, EDGE_FONT_PX, "#444", "edge");
          }
        }
      }
      ctx.restore();
      state.drawn = drawn;
    }

    network.on("afterDrawing", draw);
    return Object.assign(state, { refresh });
  }

  return { create };
})();

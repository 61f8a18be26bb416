// The current view, downloaded: a PNG of the canvas (on white), and CSV of the visible nodes
// and edges. Each function returns what it downloads, for tests.
const kgExports = (() => {
  "use strict";

  function download(name, url) {
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function png(page) {
    const source = page.network.canvas.frame.canvas;
    const copy = document.createElement("canvas");
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(source, 0, 0);
    return copy.toDataURL("image/png");
  }

  function cell(value) {
    const text = Array.isArray(value) ? value.join("; ") : String(value === undefined || value === null ? "" : value);
    return /[",\n\r;]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function table(header, rows) {
    return [header, ...rows].map((row) => row.map(cell).join(",")).join("\n") + "\n";
  }

  function csv(page) {
    const { nodes, edges } = page;
    const shown = nodes.get({ filter: (n) => !n.hidden }).sort((a, b) => a.rank - b.rank);
    const links = page.view.result.links;
    const nodeRows = shown.map((n) => [n.id, n.name, n.type, n.community, links.get(n.id) || 0, n.aliases, n.dates]);
    const edgeRows = edges.get({ filter: (e) => !e.hidden }).map((e) =>
      [e.from, e.to, e.relation, e.label, e.weight || e.facts.length || 1, e.dates]);
    return {
      nodes: table(["id", "name", "type", "community", "links", "aliases", "dates"], nodeRows),
      edges: table(["source", "target", "relation", "label", "weight", "dates"], edgeRows),
    };
  }

  function wire(page) {
    document.getElementById("export-png").addEventListener("click", () => download("graph-view.png", png(page)));
    document.getElementById("export-csv").addEventListener("click", () => {
      const files = csv(page);
      const url = (text) => "data:text/csv;charset=utf-8," + encodeURIComponent("\ufeff" + text);
      download("graph-view-nodes.csv", url(files.nodes));
      download("graph-view-edges.csv", url(files.edges));
    });
    return { png: () => png(page), csv: () => csv(page) };
  }

  return { wire };
})();

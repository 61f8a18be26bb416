// The side panel: what the graph knows about one node or edge, with the sentences it
// was read from. Every text comes from the news and is set with textContent only.
const kgPanel = (() => {
  "use strict";

  function el(tag, text, className) {
    const element = document.createElement(tag);
    if (text !== undefined && text !== null) element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  function ruDates(text) {
    return String(text).replace(/(\d{4})-(\d{2})-(\d{2})/g, "$3.$2.$1");
  }

  function swatch(shape, colour) {
    const mark = el("span", null, "swatch " + shape);
    mark.style.background = colour;
    return mark;
  }

  function list(items) {
    const ul = el("ul");
    items.forEach((item) => ul.appendChild(el("li", item)));
    return ul;
  }

  function fact(item) {
    const box = el("div", null, "fact");
    const source = [item.date ? ruDates(item.date) : "", item.document].filter(Boolean).join(" · ");
    box.appendChild(el("div", source || "источник не указан", "source"));
    box.appendChild(el("blockquote", item.evidence));
    return box;
  }

  function link(node, focus) {
    const button = el("button", node.name, "link");
    button.type = "button";
    button.addEventListener("click", () => focus(node.id));
    return button;
  }

  // One incident edge: "встреча с <Лавров>" and the sentences behind it.
  function factGroup(edge, nodeId, ctx) {
    const relation = ctx.relations[edge.relation];
    const outgoing = edge.from === nodeId;
    const other = ctx.nodes.get(outgoing ? edge.to : edge.from);
    const group = el("div", null, "fact-group");
    const head = el("div");
    head.appendChild(el("span", (outgoing ? relation.forward : relation.backward) + " ", "relation"));
    head.appendChild(link(other, ctx.focus));
    if (edge.relation === "holdsPosition") head.appendChild(el("span", ": " + edge.label));
    group.appendChild(head);
    edge.facts.forEach((item) => group.appendChild(fact(item)));
    return group;
  }

  function header(panel, title, shape, colour, typeName) {
    panel.replaceChildren(el("h2", title));
    const type = el("div", null, "type");
    type.append(swatch(shape, colour), el("span", typeName));
    panel.appendChild(type);
  }

  function section(panel, title, content) {
    panel.append(el("h3", title), content);
  }

  function showNode(panel, node, edges, ctx) {
    const type = ctx.types[node.type];
    header(panel, node.name, type.shape, type.colour, node.kind || type.name);
    if (node.date) panel.appendChild(el("p", "Дата: " + ruDates(node.date)));
    if (node.aliases.length) section(panel, "Другие формы имени", list(node.aliases));
    if (node.positions && node.positions.length) {
      section(panel, "Должности", list(node.positions.map((p) => [p.title, p.organization].filter(Boolean).join(", "))));
    }
    if (node.facts && node.facts.length) {
      const own = el("div");
      node.facts.forEach((item) => own.appendChild(fact(item)));
      section(panel, "Источник", own);
    }
    const groups = el("div");
    edges.forEach((edge) => groups.appendChild(factGroup(edge, node.id, ctx)));
    if (edges.length) section(panel, "Связи и факты (" + edges.length + ")", groups);
    if (node.documents.length) section(panel, "Упоминается в", list(node.documents));
  }

  function showEdge(panel, edge, ctx) {
    const relation = ctx.relations[edge.relation];
    header(panel, edge.label, "line", relation.colour, relation.name);
    const ends = el("p");
    ends.append(link(ctx.nodes.get(edge.from), ctx.focus), el("span", relation.directed ? " → " : " — "),
      link(ctx.nodes.get(edge.to), ctx.focus));
    panel.appendChild(ends);
    const facts = el("div");
    edge.facts.forEach((item) => facts.appendChild(fact(item)));
    section(panel, "Факты (" + edge.facts.length + ")", facts);
  }

  return { showNode, showEdge, el, swatch };
})();

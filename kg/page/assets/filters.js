// The legend doubles as filters: unticking a type hides its nodes (and their edges),
// unticking a relation hides its edges. Hidden state lives in the vis DataSets.
const kgFilters = (() => {
  "use strict";

  function checkbox(entry, onChange) {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = entry.key;
    box.addEventListener("change", () => onChange(entry.key, box.checked));
    const count = kgPanel.el("span", String(entry.count), "count");
    label.append(box, kgPanel.swatch(entry.shape, entry.colour), kgPanel.el("span", entry.name), count);
    if (!entry.count) label.classList.add("empty-filter");
    item.appendChild(label);
    return item;
  }

  // Only items whose hidden flag changes are updated: one batch, one redraw.
  function changed(dataSet, isHidden) {
    const updates = [];
    dataSet.forEach((item) => {
      const hidden = isHidden(item);
      if (Boolean(item.hidden) !== hidden) updates.push({ id: item.id, hidden });
    });
    return updates;
  }

  function create(page, typeList, relationList) {
    const hiddenTypes = new Set();
    const hiddenRelations = new Set();

    function apply() {
      const nodeUpdates = changed(page.nodes, (node) => hiddenTypes.has(node.type));
      page.nodes.update(nodeUpdates);
      const hiddenNode = (id) => hiddenTypes.has(page.nodes.get(id).type);
      page.edges.update(changed(page.edges, (edge) =>
        hiddenRelations.has(edge.relation) || hiddenNode(edge.from) || hiddenNode(edge.to)));
    }

    function toggle(set) {
      return (key, shown) => {
        if (shown) set.delete(key); else set.add(key);
        apply();
      };
    }

    page.data.types.forEach((entry) => typeList.appendChild(checkbox(entry, toggle(hiddenTypes))));
    page.data.relations.forEach((entry) => relationList.appendChild(checkbox(entry, toggle(hiddenRelations))));
    return { hiddenTypes, hiddenRelations };
  }

  return { create };
})();

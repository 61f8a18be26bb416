// The legend doubles as filters: unticking a type hides its nodes (and their edges),
// unticking a relation hides its edges (co-mentions, the weak link, start unticked); below
// them the view's controls: isolated nodes, minimum links, dates, colour and size.
const kgFilters = (() => {
  "use strict";

  function checkbox(entry, checked, onChange) {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.value = entry.key;
    box.addEventListener("change", () => onChange(entry.key, box.checked));
    const count = kgPanel.el("span", String(entry.count), "count");
    label.append(box, kgPanel.swatch(entry.shape, entry.colour), kgPanel.el("span", entry.name), count);
    if (!entry.count) label.classList.add("empty-filter");
    item.appendChild(label);
    return { item, count };
  }

  function create(page, view, typeList, relationList) {
    const { state } = view;
    const counts = new Map();
    const toggle = (set) => (key, shown) => {
      if (shown) set.delete(key); else set.add(key);
      view.apply();
    };
    page.data.types.forEach((entry) => {
      const { item, count } = checkbox(entry, true, toggle(state.hiddenTypes));
      typeList.appendChild(item);
      counts.set(entry.key, count);
    });
    const relationCounts = new Map();
    page.data.relations.forEach((entry) => {
      const { item, count } = checkbox(entry, !state.hiddenRelations.has(entry.key), toggle(state.hiddenRelations));
      relationList.appendChild(item);
      relationCounts.set(entry.key, count);
    });
    return { types: counts, relations: relationCounts };
  }

  // Isolated nodes, minimum links and the date range.
  function controls(page, view) {
    const { state } = view;
    const byId = (id) => document.getElementById(id);
    byId("show-isolated").addEventListener("change", (event) => { state.showIsolated = event.target.checked; view.apply(); });
    const slider = byId("min-links");
    const most = degrees(page.data).reduce((a, b) => Math.max(a, b), 1);
    slider.max = String(Math.min(most, 20));
    slider.addEventListener("input", () => {
      state.minLinks = Number(slider.value);
      byId("min-links-value").textContent = slider.value;
      view.apply();
    });
    const dates = page.data.nodes.flatMap((n) => n.dates || []).sort();
    if (dates.length) {
      const box = byId("date-filter");
      box.hidden = false;
      [byId("date-from"), byId("date-to")].forEach((input, i) => {
        input.min = dates[0];
        input.max = dates[dates.length - 1];
        input.addEventListener("change", () => {
          state[i ? "to" : "from"] = input.value;
          view.apply();
        });
      });
    }
  }

  function degrees(data) {
    const count = new Map();
    data.edges.forEach((e) => {
      if (e.relation === "coMention") return;
      count.set(e.from, (count.get(e.from) || 0) + 1);
      count.set(e.to, (count.get(e.to) || 0) + 1);
    });
    return [...count.values()];
  }

  return { create, controls };
})();

// Search by name: any alias, any case, and Russian inflected forms.
// A query word matches a name word when their stems (the word without a case ending)
// share a prefix: "Тасмагамбетова" -> "тасмагамбетов" finds "Тасмагамбетов" -> "тасмагамбет".
const kgSearch = (() => {
  "use strict";

  // Case and number endings of Russian nouns, adjectives and surnames, longest first.
  const ENDINGS = [
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "иях", "ией",
    "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым", "им",
    "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ую", "юю", "ью",
    "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й",
  ];
  const MIN_STEM = 4;

  function normalize(text) {
    return text.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ").trim();
  }

  function words(text) {
    return normalize(text).split(/[^0-9a-zа-я]+/).filter(Boolean);
  }

  function stem(word) {
    for (const ending of ENDINGS) {
      if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM) {
        return word.slice(0, -ending.length);
      }
    }
    return word;
  }

  function sameStem(a, b) {
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    return short.length >= MIN_STEM ? long.startsWith(short) : short === long;
  }

  // One entry a node: its names normalized, and the stems of each name's words.
  function buildIndex(nodes) {
    return nodes.map((node) => {
      const names = [node.name, ...(node.aliases || [])];
      return {
        id: node.id,
        name: node.name,
        type: node.type,
        names: names.map(normalize),
        original: names,
        stems: names.map((name) => words(name).map(stem)),
      };
    });
  }

  // How well one name matches: exact 4, prefix 3, substring 2, all query stems found 1.
  function nameScore(name, stems, query, queryStems) {
    if (name === query) return 4;
    if (name.startsWith(query)) return 3;
    if (name.includes(query)) return 2;
    const stemsMatch = queryStems.length > 0 &&
      queryStems.every((q) => stems.some((s) => sameStem(q, s)));
    return stemsMatch ? 1 : 0;
  }

  function match(entry, query, queryStems) {
    let best = { score: 0, alias: "" };
    entry.names.forEach((name, i) => {
      const score = nameScore(name, entry.stems[i], query, queryStems);
      if (score > best.score) best = { score, alias: i === 0 ? "" : entry.original[i] };
    });
    return best;
  }

  // The best matches, best first; ties by name so the order never depends on the data order.
  function find(index, text, limit = 12) {
    const query = normalize(text);
    if (!query) return [];
    const queryStems = words(query).map(stem);
    const found = [];
    for (const entry of index) {
      const { score, alias } = match(entry, query, queryStems);
      if (score > 0) found.push({ id: entry.id, name: entry.name, type: entry.type, alias, score });
    }
    found.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, "ru") || (a.id < b.id ? -1 : 1));
    return found.slice(0, limit);
  }

  return { buildIndex, find, stem, normalize };
})();

// Search by name: any alias, any case, and Russian inflected forms.
// A query word matches a name word when their stems (the word without a case ending)
// share a prefix: "Тасмагамбетова" -> "тасмагамбетов" finds "Тасмагамбетов" -> "тасмагамбет".
// Ranking: people, organizations and places before events; among them an exact name first,
// then a name (or one of its words) that starts with the query, then an inflected form; ties
// by centrality. A query never matches inside a word: «НАТО» does not find «Анатолий».
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
        rank: node.rank === undefined ? 0 : node.rank,
        names: names.map(normalize),
        original: names,
        stems: names.map((name) => words(name).map(stem)),
      };
    });
  }

  function startsAtWord(name, query) {
    for (let i = 0; i < name.length; i++) {
      if ((i === 0 || !/[0-9a-zа-я]/.test(name[i - 1])) && name.startsWith(query, i)) return true;
    }
    return false;
  }

  // How well one name matches: exact 3, the name or one of its words starts with the query 2,
  // every query word an inflected form of a name word 1.
  function nameScore(name, stems, query, queryStems) {
    if (name === query) return 3;
    if (startsAtWord(name, query)) return 2;
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
      if (score > 0) found.push({ id: entry.id, name: entry.name, type: entry.type, rank: entry.rank, alias, score });
    }
    const isEvent = (result) => (result.type === "event" ? 1 : 0);
    found.sort((a, b) => isEvent(a) - isEvent(b) || b.score - a.score || a.rank - b.rank ||
      a.name.localeCompare(b.name, "ru") || (a.id < b.id ? -1 : 1));
    return found.slice(0, limit);
  }

  return { buildIndex, find, stem, normalize };
})();

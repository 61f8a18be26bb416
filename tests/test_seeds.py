"""The acceptance facts of the bundled seed documents, read from the built graph with SPARQL."""

from rdflib import Literal

from kg.sparql.query import run, text

PREFIX = """PREFIX kg: <https://w3id.org/kgnews/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def rows(graph, query):
    return [{k: text(v) for k, v in row.items()} for row in run(graph, PREFIX + query).rows]


def meetings_of(graph, surname):
    return rows(graph, f"""
        SELECT ?other ?date ?place WHERE {{
          ?m a kg:Meeting ; kg:participant ?p, ?o .
          ?p rdfs:label ?name . FILTER(CONTAINS(?name, "{surname}"))
          ?o rdfs:label ?other . FILTER(?o != ?p)
          OPTIONAL {{ ?m kg:date ?date }} OPTIONAL {{ ?m kg:place/rdfs:label ?place }}
        }}""")


def test_tasmagambetov_met_tokaev_in_astana(seeds_graph):
    assert {"other": "Касым-Жомарт Токаев", "date": "2025-10-31", "place": "Астана"} in meetings_of(
        seeds_graph, "Тасмагамбетов")


def test_tasmagambetov_met_rakhmon_and_lavrov(seeds_graph):
    met = {(r["other"], r.get("date")) for r in meetings_of(seeds_graph, "Тасмагамбетов")}
    assert ("Эмомали Рахмон", None) in met
    assert ("Сергей Лавров", "2023-09-14") in met


def test_met_with_is_backed_by_meetings(seeds_graph):
    pairs = rows(seeds_graph, """
        SELECT ?a ?b WHERE { ?x kg:metWith ?y . ?x rdfs:label ?a . ?y rdfs:label ?b .
          FILTER NOT EXISTS { ?m a kg:Meeting ; kg:participant ?x, ?y } }""")
    assert pairs == []


def test_ordabaev_spoke_at_assembly_and_consultations(seeds_graph):
    events = {r["event"] for r in rows(seeds_graph, """
        SELECT ?event WHERE { ?p rdfs:label "Самат Ордабаев"@ru ; kg:spokeAt/rdfs:label ?event }""")}
    assert "Всемирная Общественная Ассамблея" in events
    assert "Консультации Секретариата ООН" in events


def test_bishkek_conference_organized_by_two_bodies(seeds_graph):
    found = rows(seeds_graph, """
        SELECT ?event ?date ?place ?organizer WHERE {
          ?e a kg:Conference ; rdfs:label ?event ; kg:date ?date ; kg:organizer/rdfs:label ?organizer .
          OPTIONAL { ?e kg:place/rdfs:label ?place }
          FILTER(CONTAINS(?event, "терроризмом")) }""")
    assert {r["date"] for r in found} == {"2023-09-20"}
    assert {r.get("place") for r in found} == {"Бишкек"}   # «в г. Бишкеке»
    assert {r["organizer"] for r in found} == {
        "Государственный комитет национальной безопасности Кыргызской Республики",
        "Антитеррористический центр государств – участников СНГ",
    }


def test_operation_has_its_date_range(seeds_graph):
    found = rows(seeds_graph, """
        SELECT ?start ?end WHERE { ?e a kg:Operation ; rdfs:label ?l ; kg:startDate ?start ; kg:endDate ?end .
          FILTER(CONTAINS(?l, "Канал-Перехват")) }""")
    assert found == [{"start": "2023-09-11", "end": "2023-09-15"}]


POSITIONS = {
    ("Имангали Тасмагамбетов", "генеральный секретарь", "Организация Договора о коллективной безопасности"),
    ("Самат Ордабаев", "заместитель Генерального секретаря", "Организация Договора о коллективной безопасности"),
    ("Касым-Жомарт Токаев", "президент", "Республика Казахстан"),
    ("Эмомали Рахмон", "президент", "Республика Таджикистан"),
    ("Сергей Лавров", "министр иностранных дел", "Россия"),
    ("Антонио Гутерриш", "генеральный секретарь", "ООН"),
}


def test_positions_of_named_officials(seeds_graph):
    found = {(r["person"], r["title"], r["org"]) for r in rows(seeds_graph, """
        SELECT ?person ?title ?org WHERE { ?p kg:holdsPosition ?pos ; rdfs:label ?person .
          ?pos kg:title ?title ; kg:inOrganization/rdfs:label ?org }""")}
    assert POSITIONS <= found


def test_one_node_each_for_tasmagambetov_ordabaev_and_csto(seeds_graph):
    """Every way the texts name them leads to one node (longer names like «Секретариат ОДКБ»
    are other organizations)."""
    for pattern in ("тасмагамбетов", "ордабаев", "^одкб$|^организац.* договора о коллективной безопасности$"):
        nodes = rows(seeds_graph, f"""
            SELECT DISTINCT ?x WHERE {{ ?x rdfs:label|skos:altLabel ?a .
              FILTER(REGEX(LCASE(STR(?a)), "{pattern}")) FILTER NOT EXISTS {{ ?x a kg:Position }}
              FILTER NOT EXISTS {{ ?x a kg:Event }} }}""")
        assert len(nodes) == 1, (pattern, nodes)


def test_csto_full_name_and_acronym_are_one_node(seeds_graph):
    labels = rows(seeds_graph, """
        SELECT ?alias WHERE { ?x rdfs:label "Организация Договора о коллективной безопасности"@ru ;
          skos:altLabel ?alias }""")
    assert {"alias": "ОДКБ"} in labels


def test_every_fact_reaches_document_and_sentence(seeds_graph):
    missing = rows(seeds_graph, """
        SELECT ?s WHERE { ?s a rdf:Statement .
          FILTER NOT EXISTS { ?s prov:wasDerivedFrom/kg:sourceFile ?f ; kg:evidence ?e } }""")
    assert missing == []
    evidence = rows(seeds_graph, """
        SELECT ?file ?e WHERE { ?s rdf:subject/rdfs:label "Сергей Лавров"@ru ; rdf:predicate kg:metWith ;
          prov:wasDerivedFrom/kg:sourceFile ?file ; kg:evidence ?e }""")
    evidence += rows(seeds_graph, """
        SELECT ?file ?e WHERE { ?s rdf:object/rdfs:label "Сергей Лавров"@ru ; rdf:predicate kg:metWith ;
          prov:wasDerivedFrom/kg:sourceFile ?file ; kg:evidence ?e }""")
    assert evidence == [{"file": "002_e5e59c7dfeaf13b1.txt",
                         "e": "14 сентября 2023 г. прошла встреча Генерального секретаря ОДКБ Имангали "
                              "Тасмагамбетова с Министром иностранных дел России Сергеем Лавровым."}]


def test_documents_are_nodes_with_their_file(seeds_graph):
    files = {r["f"] for r in rows(seeds_graph, "SELECT ?f WHERE { ?d a kg:Document ; kg:sourceFile ?f }")}
    assert files == {"000_0d7ee99b2862e027.txt", "002_e5e59c7dfeaf13b1.txt"}


def test_labels_are_russian_literals(seeds_graph):
    from rdflib.namespace import RDFS
    labels = list(seeds_graph.objects(None, RDFS.label))
    assert Literal("Самат Ордабаев", lang="ru") in labels

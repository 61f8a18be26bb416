"""One node per real-world entity: inflections, surnames alone, acronyms, titles alone, across texts."""

from facts import fact_strings


def entities(kb, type_):
    return {e.label: e for e in kb.entities.values() if e.type == type_}


def test_inflected_forms_and_surname_merge_across_documents(read):
    kb = read({
        "a.txt": "Министр финансов Антон Силуанов выступил на форуме в Москве.",
        "b.txt": "Встреча Антона Силуанова с Эльвирой Набиуллиной прошла в Кремле. По словам Силуанова, рост есть.",
    })
    people = entities(kb, "PER")
    assert "Антон Силуанов" in people
    assert {"Антон Силуанов", "Антона Силуанова", "Силуанова"} <= people["Антон Силуанов"].aliases
    assert people["Антон Силуанов"].docs == {"a.txt", "b.txt"}
    assert "Силуанов" not in people


def test_same_surname_different_first_names_stay_apart(read):
    kb = read("Встреча Алексея Иванова с Петром Ивановым состоялась в Туле.")
    assert {"Алексей Иванов", "Пётр Иванов"} <= set(entities(kb, "PER"))


def test_acronym_in_brackets_and_by_initials(read):
    kb = read({
        "a.txt": "Генеральный секретарь Шанхайской организации сотрудничества (ШОС) Чжан Мин прибыл в Пекин.",
        "b.txt": "Содружество Независимых Государств отметило годовщину. Саммит СНГ прошёл в Минске.",
    })
    orgs = entities(kb, "ORG")
    assert "ШОС" in orgs["Шанхайская организация сотрудничества"].aliases
    assert "СНГ" in orgs["Содружество Независимых Государств"].aliases
    assert "ШОС" not in orgs and "СНГ" not in orgs


def test_country_with_and_without_its_official_form(read):
    kb = read("Президент Республики Казахстан прибыл в Москву. Казахстан и Россия подписали договор.")
    places = entities(kb, "LOC")
    assert len([label for label in places if "Казахстан" in label]) == 1


def test_title_alone_resolves_to_the_named_holder(read):
    kb = read("Министр обороны России Андрей Белоусов прибыл в Минск.\n"
              "Министр обороны России принял участие в заседании коллегии.")
    assert "Андрей Белоусов participatedIn Заседание коллегии" in fact_strings(kb)


def test_a_bare_organization_noun_refers_back_to_the_named_one(read):
    kb = read("Телеканал «Звезда Востока» начал вещание. Позже телеканал сменил владельца.")
    channels = [e for e in kb.entities.values() if e.type == "ORG"]
    assert len(channels) == 1
    assert channels[0].label == "Телеканал «Звезда Востока»"
    referred = {m.text for m, entity in kb.mentions if entity == channels[0].id}
    assert "телеканал" in referred
    assert "телеканал" not in channels[0].aliases   # every channel is «телеканал»: no name of it


def test_our_organization_refers_back_and_a_resolution_is_no_organization(read):
    kb = read("Организация Договора о коллективной безопасности провела консультации. "
              "Генеральная Ассамблея ООН принимает Резолюцию «О сотрудничестве между ООН и ОДКБ». "
              "Участникам напомнили, что наша Организация создана в 2002 году.")
    organizations = entities(kb, "ORG")
    assert not {"Организация", "Резолюция"} & set(organizations), set(organizations)
    odkb = organizations["Организация Договора о коллективной безопасности"]
    assert "Организация" in {m.text for m, entity in kb.mentions if entity == odkb.id}
    assert "ООН" in organizations

"""Names to the nominative, the way analysts write them."""

import pytest

from kg.names import Word, normalize

PER, ORG = "PER", "ORG"

NAMES = [
    # words as "text/POS/Case/Gender" (the tagger's view), type, expected nominative
    ("Имангали/PROPN/Nom Тасмагамбетова/PROPN/Gen/Masc", PER, "Имангали Тасмагамбетов"),
    ("Касым-Жомартом/PROPN/Nom Токаевым/PROPN/Nom", PER, "Касым-Жомарт Токаев"),
    ("Анны/PROPN/Gen/Fem Ивановой/PROPN/Gen/Fem", PER, "Анна Иванова"),
    ("Сергеем/PROPN/Ins/Masc Лавровым/PROPN/Ins/Masc", PER, "Сергей Лавров"),
    ("Владимира/PROPN/Gen Владимировича/PROPN/Gen Путина/PROPN/Gen/Masc", PER, "Владимир Владимирович Путин"),
    ("Жан-Пьера/PROPN/Gen Лакруа/PROPN/Gen", PER, "Жан-Пьер Лакруа"),
    ("Розмари/PROPN/Nom А./PUNCT ДиКарло/PROPN/Nom", PER, "Розмари А. ДиКарло"),
    ("Марии/PROPN/Dat/Fem Захаровой/PROPN/Dat/Fem", PER, "Мария Захарова"),
    # a given name the dictionary does not know, tagged nominative, with an instrumental's ending
    ("Чжан/PROPN/Nom/Masc Хунвэем/PROPN/Nom/Masc", PER, "Чжан Хунвэй"),
    # a woman's first name the dictionary does not know, in the instrumental by its ending
    ("Дилфузой/PROPN/Ins/Masc Юлдашевой/PROPN/Ins/Fem", PER, "Дилфуза Юлдашева"),
    # foreign names on a soft consonant keep their soft sign; a man's name on «-ия» declines like a woman's
    ("Жан-Ноэля/PROPN/Gen/Masc Барро/PROPN/Gen/Masc", PER, "Жан-Ноэль Барро"),
    ("Эммануэлем/PROPN/Ins/Masc Макроном/PROPN/Ins/Masc", PER, "Эммануэль Макрон"),
    ("Илией/PROPN/Ins/Masc Дарчиашвили/PROPN/Ins/Masc", PER, "Илия Дарчиашвили"),
    ("Олегом/PROPN/Ins/Masc Мусем/PROPN/Ins/Masc", PER, "Олег Мусь"),
    # the tagger calling the name feminine: no woman's name ends in «-ом»
    ("Сунь/PROPN/Ins/Fem Вэйдуном/PROPN/Nom/Fem", PER, "Сунь Вэйдун"),
    # a first name on «-ом» before a nominative surname is nominative too
    ("Ильхом/PROPN/Nom/Masc Махкамов/PROPN/Nom/Masc", PER, "Ильхом Махкамов"),
    ("Ильхом/PROPN/Ins/Masc Махкамов/PROPN/Nom/Masc", PER, "Ильхом Махкамов"),
    ("Астане/PROPN/Loc", ORG, "Астана"),
    ("Беларуси/PROPN/Gen", ORG, "Беларусь"),
    ("Нижнем/ADJ/Loc Новгороде/PROPN/Loc", ORG, "Нижний Новгород"),
    ("Республики/PROPN/Gen Казахстан/PROPN/Nom", ORG, "Республика Казахстан"),
    ("Всемирной/ADJ/Loc Общественной/ADJ/Loc Ассамблее/PROPN/Loc", ORG, "Всемирная Общественная Ассамблея"),
    ("Организации/PROPN/Gen Договора/PROPN/Gen о/ADP коллективной/ADJ/Loc безопасности/NOUN/Loc", ORG,
     "Организация Договора о коллективной безопасности"),
    ("Министерстве/NOUN/Loc иностранных/ADJ/Gen дел/NOUN/Gen", ORG, "Министерство иностранных дел"),
    ("Коллективных/ADJ/Gen миротворческих/ADJ/Gen сил/NOUN/Gen", ORG, "Коллективные миротворческие силы"),
    ("Генерального/ADJ/Gen секретаря/NOUN/Gen", ORG, "Генеральный секретарь"),
    ("ОДКБ/PROPN/Gen", ORG, "ОДКБ"),
    # a participle used as a noun heads the title; «временным» is «временный», not «временной»
    ("временным/ADJ/Ins поверенным/NOUN/Ins", ORG, "временный поверенный"),
    # adjectives joined by «и» before the head, the second tagged a proper noun
    ("Чрезвычайным/ADJ/Ins и/CCONJ Полномочным/PROPN/Ins Послом/NOUN/Ins", ORG, "Чрезвычайный и Полномочный Посол"),
]


def words(spec: str) -> list[Word]:
    result = []
    for item in spec.split():
        text, pos, *hints = item.split("/")
        case, gender = (hints + [None, None])[:2]
        result.append(Word(text, pos, case, gender))
    return result


@pytest.mark.parametrize("spec, type_, expected", NAMES)
def test_nominative(spec, type_, expected):
    forms = normalize(words(spec), type_)
    assert " ".join(forms) == expected

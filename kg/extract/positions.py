"""Position titles next to names: «Генеральный секретарь ОДКБ Имангали Тасмагамбетов»,
«Сергей Лавров, министр иностранных дел России», «Андрей Санников — бывший заместитель
министра»; and titles standing alone for a person named elsewhere in the text
(«Заместитель Генерального секретаря ОДКБ принял участие»). «Исполняющий обязанности
генерального секретаря» is a title of its own: the acting post, not the post.

A title is a chain of words ending next to a name: adjectives, nouns in the genitive,
organizations and places, and a few linking words («по», «в», «от»). Its head is a
position noun from the table, or, right before a name, any noun for a person
(«полузащитник», «фотограф»): the tagger marks those animate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kg import names
from kg.records import LOC, ORG, PER, Mention, PositionRecord, Sentence, Token
from kg.rules import HONORIFICS, LIMITS, MET_WITH, MILITARY_RANKS, NATIONALITY_ENDINGS, NOT_OCCUPATIONS, POSITION_NOUNS

from .titles import base_lemma, state_post, substantive, title_lemma

CHAIN_POS = {"ADJ", "NOUN", "PROPN"}
# Words that link the parts of a title: «заместитель ... по политическим вопросам и ...»,
# «посол Японии в России», «посол Евросоюза на Южном Кавказе», «член палаты от штата Аризона»,
# «Организации … (ОДКБ)».
# Never at either end of a title.
LINKS = {"по", "и", "при", "в", "во", "на", "от", "-", "–", "(", ")"}
PLACE_LINKS = {"в", "во", "на"}  # only with the prepositional case: where, not where to
APPOSITION = {",", "-", "–", "—"}
ENDS_OF_CLAUSE = {".", ";", ":", "!", "?", "(", ")"}

# Endings of a verb's lemma: an «adjective» with one is a verb mistagged («премьеру привиделся
# заговор»), never part of a title.
VERB_ENDINGS = ("ть", "ться", "ти", "тись", "чь", "чься")
# The lemmas of the words that make a title acting: «временно исполняющий обязанности губернатора».
ACTING = ("временно", "исполнять", "обязанность")
ACTING_FORMS = {"временно": "временно", "исполнять": "исполняющий", "обязанность": "обязанности"}
ACTING_FEMININE = "исполняющая"


@dataclass(frozen=True)
class Titled:
    """A title read from a sentence and the person it belongs to (a name or the title itself)."""
    person: Mention
    position: PositionRecord
    first: int          # token range of the title words
    last: int
    head: int = -1      # a title standing alone: its title noun


def find_titles(document_text: str, sentence: Sentence) -> list[Titled]:
    found = []
    covered: set[int] = set()
    addressed = {}   # the word of address before a name that has no title of its own -> the name
    for mention in sentence.mentions:
        if mention.type != PER:
            continue
        titles = _before(document_text, sentence, mention) or _after(document_text, sentence, mention)
        for titled in titles:
            found.append(titled)
            covered.update(range(titled.first, titled.last + 1))
        before = sentence.tokens[mention.first - 1] if mention.first > 0 else None
        if not titles and before is not None and before.lemma in HONORIFICS:
            addressed[before.head] = mention
    # «помощника Генерального секретаря ООН по делам Европы, … г-на X»: a title the commas cut
    # off from the name is the one the word of address stands in apposition to
    return found + [replace(t, person=addressed[t.head]) if t.head in addressed else t
                    for t in _standalone(document_text, sentence, covered)]


# ---------------------------------------------------------------- title chains

def _chain_member(sentence: Sentence, token: Token) -> bool:
    mention = sentence.mention_at(token.index)
    if mention is not None:
        return mention.type in (ORG, LOC)
    if _acting_from(sentence, token.index):
        return True
    if token.pos == "ADJ" and token.lemma.endswith(VERB_ENDINGS):   # a verb the tagger took for an adjective
        return False
    if token.pos == "ADV":   # «крайне правого»
        following = token.index + 1
        return following < len(sentence.tokens) and sentence.tokens[following].pos == "ADJ"
    return token.pos in CHAIN_POS or _link(sentence, token)


def _link(sentence: Sentence, token: Token) -> bool:
    """«посол Японии в России» links the place; «визит президента в Сербию» (a direction) does not."""
    word = token.text.lower()
    if word in ("с", "со"):   # «по борьбе с торговлей людьми», «по связям с общественностью»
        return any(t.text.lower() == "по" for t in sentence.tokens[max(0, token.index - 3):token.index])
    if word not in LINKS:
        return False
    if word in PLACE_LINKS:
        following = token.index + 1
        return following < len(sentence.tokens) and sentence.tokens[following].feat("Case") != "Acc"
    return True


def _named_within(sentence: Sentence, index: int, width: int) -> bool:
    """A place or an organization starts among the `width` words from `index` («в Южной Корее»)."""
    return any((m := sentence.mention_at(i)) is not None and m.type in (ORG, LOC)
               for i in range(index, min(index + width, len(sentence.tokens))))


def _chain_left(sentence: Sentence, end: int) -> list[int]:
    i = end
    while i >= 0 and _chain_member(sentence, sentence.tokens[i]) and not _closes_bracket_after_name(sentence, i):
        i -= 1
    return list(range(i + 1, end + 1))


def _closes_bracket_after_name(sentence: Sentence, index: int) -> bool:
    """«Олег Сидоров (второй тренер) и Андрей Козлов»: the bracket is Сидоров's, no part of a
    title of the name after it."""
    if sentence.tokens[index].text != ")":
        return False
    opening = _opening_bracket(sentence, index)
    return opening is not None and opening > 0 and _person_next(sentence, opening - 1)


def _opening_bracket(sentence: Sentence, closing: int) -> int | None:
    for i in range(closing - 1, -1, -1):
        if sentence.tokens[i].text == "(":
            return i
    return None


def _chain_right(sentence: Sentence, start: int) -> list[int]:
    """A title read rightwards runs on through «в», «на» only to a place or an organization:
    «посол Японии в России», not «премьер в речи перед министрами»."""
    i = start
    while i < len(sentence.tokens) and _chain_member(sentence, sentence.tokens[i]):
        if sentence.tokens[i].text.lower() in PLACE_LINKS \
                and not _named_within(sentence, i + 1, LIMITS.title_place_words):
            break
        if i > start and _new_subject(sentence, start, i):
            break
        i += 1
    return list(range(start, i))


def _new_subject(sentence: Sentence, start: int, i: int) -> bool:
    """«С госсекретарём генсек обсудил»: a title's words are never a nominative title noun
    after an oblique one; that noun is a person of its own."""
    token, head = sentence.tokens[i], sentence.tokens[start]
    return token.pos == "NOUN" and token.text.islower() and _case(token) == "Nom" \
        and _case(head) not in ("Nom", None) and _is_title_noun(token)


def _mistagged_title(token: Token) -> bool:
    """«Председателя» tagged an adjective: a title's lemma is never an adjective's."""
    return token.pos == "ADJ" and title_lemma(token.lemma)


def _is_title_noun(token: Token, loose: bool = False) -> bool:
    if token.pos not in ("NOUN", "PROPN") and not _hyphenated_title(token) and not _mistagged_title(token):
        return False
    if token.text.isupper() or token.feat("Number") == "Plur":
        return False
    if title_lemma(token.lemma) or token.pos == "NOUN" and title_lemma(substantive(token.text)):   # «поверенным»
        return True
    return loose and token.pos == "NOUN" and token.feat("Animacy") == "Anim" \
        and base_lemma(token.lemma) not in NOT_OCCUPATIONS \
        and not token.lemma.endswith(tuple(NATIONALITY_ENDINGS)) and names.is_person_noun(token.text)


def headed_with(tokens, i: int) -> bool:
    """Whether «во главе с(о)» starts at token i (what follows names who heads something)."""
    return i + 2 < len(tokens) and tokens[i].lemma == "в" and tokens[i + 1].lemma == "глава" \
        and tokens[i + 2].lemma in ("с", "со")


def _heading(tokens, i: int) -> bool:
    """«во главе с»: «главе» there is no post."""
    return i > 0 and headed_with(tokens, i - 1)


def _hyphenated_title(token: Token) -> bool:
    """«Экс-председатель», «вице-спикер»: the tagger takes such a compound for an adjective."""
    return "-" in token.text and token.pos == "ADJ" and title_lemma(token.lemma) and token.lemma not in POSITION_NOUNS


def _title_start(sentence: Sentence, chain: list[int], loose: bool) -> int | None:
    """The first title noun of the chain, with the adjectives before it (Генеральный секретарь)."""
    for position, i in enumerate(chain):
        if sentence.mention_at(i) is None and _is_title_noun(sentence.tokens[i], loose) \
                and not _heading(sentence.tokens, i):
            # adjectives before it, «и» between them («Чрезвычайный и Полномочный», the second
            # tagged a proper noun)
            while position > 0 and (_adjective_like(sentence, chain[position - 1]) or (
                    sentence.tokens[chain[position - 1]].text == "и" and position > 1
                    and _adjective_like(sentence, chain[position - 2]))):
                position -= 1
            start = _acting_start(sentence, chain[position])
            return chain.index(start) if start in chain else position
    return None


def _adjective_like(sentence: Sentence, index: int) -> bool:
    token = sentence.tokens[index]
    return sentence.mention_at(index) is None and (
        token.pos == "ADJ" or token.pos == "PROPN" and token.text.lower().endswith(("ный", "ной", "ний", "ский")))


def _acting_from(sentence: Sentence, index: int) -> int:
    """How many words from `index` say «(временно) исполняющий обязанности»; 0 when they do not."""
    lemmas = [t.lemma for t in sentence.tokens[index:index + len(ACTING)]]
    for start in range(len(ACTING) - 1):
        if lemmas[:len(ACTING) - start] == list(ACTING[start:]):
            return len(ACTING) - start
    return 0


def _acting_start(sentence: Sentence, index: int) -> int:
    """A title's first word moved back over «(временно) исполняющий обязанности» before it."""
    for back in range(len(ACTING), 1, -1):
        if index >= back and _acting_from(sentence, index - back) == back:
            return index - back
    return index


def _split_at_and(sentence: Sentence, chain: list[int], keep_last: bool) -> list[int]:
    """«и» joins two titles («президент и первая леди», «директор и совладелец») when a title
    noun follows it; inside a name («Института этнологии и антропологии») or a complement
    («министр связи и коммуникаций», «по вопросам ... и ...») it joins words of one title."""
    # «Чрезвычайный и Полномочный Посол»: adjectives joined before one noun are no two titles
    cuts = [n for n, i in enumerate(chain) if sentence.tokens[i].text.lower() == "и"
            and sentence.mention_at(i) is None and _title_follows(sentence, chain[n + 1:])
            and not _joins_adjectives(sentence, i)
            and any(sentence.tokens[k].pos in ("NOUN", "PROPN") for k in chain[:n])]
    if not cuts:
        return chain
    return chain[cuts[-1] + 1:] if keep_last else chain[:cuts[0]]


def _joins_adjectives(sentence: Sentence, index: int) -> bool:
    tokens = sentence.tokens
    return 0 < index < len(tokens) - 1 and tokens[index - 1].pos == "ADJ" and tokens[index + 1].pos == "ADJ"


def _title_follows(sentence: Sentence, rest: list[int]) -> bool:
    for i in rest:
        token = sentence.tokens[i]
        if token.pos != "ADJ":
            return sentence.mention_at(i) is None and _is_title_noun(token, loose=True)
    return False


def _trim(sentence: Sentence, chain: list[int]) -> list[int]:
    while chain and sentence.tokens[chain[-1]].text.lower() in LINKS:
        chain = chain[:-1]
    while chain and sentence.tokens[chain[0]].text.lower() in LINKS:
        chain = chain[1:]
    return chain


def _position(document_text: str, sentence: Sentence, chain: list[int]) -> PositionRecord:
    """The title's words run up to its organization (the first one named) and take a «по …» after it."""
    mentions = [sentence.mention_at(i) for i in chain]
    where = next((m for m in mentions if m is not None), None)
    words = []
    for i, mention in zip(chain, mentions):
        token = sentence.tokens[i]
        if mention is None and (where is None or i < where.first or _after_po(sentence, where, i)):
            words.append(token)
    # words modifying the organization are not the title's: «лидер крайне правого [Национального фронта]»
    while words and (words[-1].text.lower() in LINKS or (where and words[-1].pos in ("ADJ", "ADV")
                                                          and words[-1].index < where.first
                                                          and not _hyphenated_title(words[-1])
                                                          and not _mistagged_title(words[-1]))):
        words.pop()
    tokens = [sentence.tokens[i] for i in chain]
    acting = _acting_from(sentence, chain[0])
    if acting:   # «исполняющим обязанности Генерального секретаря»: the post stays in the genitive
        title = " ".join(_acting_forms(words[:acting]) + _lower_first([t.text for t in words[acting:]]))
        forms = _acting_forms(tokens[:acting]) + [t.text for t in tokens[acting:]]
    else:
        title = " ".join(_lower_first(names.normalize_phrase([_word(t) for t in words])))
        forms = names.normalize_phrase([_word(t) for t in tokens])
    label = names.respace(tokens, forms)
    surface = document_text[tokens[0].start:tokens[-1].stop]
    return PositionRecord(title=title, surface=surface, where=where, label=label[:1].upper() + label[1:])


def _lower_first(texts: list[str]) -> list[str]:
    """«Генеральный секретарь» as a title in running text: «генеральный секретарь» (not «ОДКБ»)."""
    if texts and texts[0][:1].isupper() and not texts[0].isupper():
        return [texts[0][0].lower() + texts[0][1:]] + texts[1:]
    return texts


def _acting_forms(tokens: list[Token]) -> list[str]:
    """«исполняющим обязанности» -> «исполняющий обязанности»; «исполняющей» -> «исполняющая»."""
    feminine = any(t.lemma == "исполнять" and t.feat("Gender") == "Fem" for t in tokens)
    return [ACTING_FEMININE if feminine and t.lemma == "исполнять" else ACTING_FORMS[t.lemma] for t in tokens]


def _after_po(sentence: Sentence, where: Mention, index: int) -> bool:
    """«заместитель Генерального секретаря ООН по политическим вопросам»: «по …» belongs to the title."""
    following = [t.text.lower() for t in sentence.tokens[where.last + 1:index + 1]]
    return bool(following) and following[0] == "по" and not any(
        sentence.mention_at(j) for j in range(where.last + 1, index + 1))


def _word(token: Token) -> names.Word:
    if _hyphenated_title(token):  # its lemma is the nominative the tagger could not give
        return names.Word(token.text[0] + token.lemma[1:], "NOUN", "Nom", token.feat("Gender"))
    pos = "NOUN" if _mistagged_title(token) else token.pos
    return names.Word(token.text, pos, token.feat("Case"), token.feat("Gender"))


def _titled(document_text, sentence, person, chain) -> Titled:
    return Titled(person, _position(document_text, sentence, _without_rank(sentence, chain)), chain[0], chain[-1])


def _before(document_text: str, sentence: Sentence, mention: Mention) -> list[Titled]:
    """Titles right before the name; several joined by commas: «лидер Меджлиса, депутат Украины X»."""
    found: list[Titled] = []
    end = mention.first - 1
    if end >= 0 and sentence.tokens[end].lemma in HONORIFICS:   # «посла Италии г-на X»: no post
        end -= 1
    while len(found) < LIMITS.titles_before_name:
        chain = _split_at_and(sentence, _chain_left(sentence, end), keep_last=True)
        start = _title_start(sentence, chain, loose=not found)
        if start is not None:
            start = _agreeing_start(sentence, chain, start, mention)
        chain = _trim(sentence, chain[start:]) if start is not None else []
        if not chain or (found and chain[-1] != end):
            break
        titled = _titled(document_text, sentence, mention, chain)
        nearest = found[-1].position.where if found else None
        joined_by_and = found and sentence.tokens[chain[-1] + 1].text.lower() == "и"
        if titled.position.where is None and nearest is not None and (joined_by_and or nearest.type == LOC and any(
                state_post(sentence.tokens[i].lemma) for i in chain)):
            # «заместитель Премьер-министра, Министр иностранных дел Пакистана X»: a post of a
            # state that names no state is held in the one the next post names; «Специальный
            # представитель и координатор ОБСЕ X»: two posts joined by «и» in one body
            titled = replace(titled, position=replace(titled.position, where=nearest))
        found.append(titled)
        end = chain[0] - 2
        if end < 0 or not _joins_titles(sentence, mention, chain[0] - 1):
            break
    return found


def _without_rank(sentence: Sentence, chain: list[int]) -> list[int]:
    """«Министр обороны генерал-лейтенант X»: a rank after the post is no part of its title."""
    if sentence.tokens[chain[-1]].lemma in MILITARY_RANKS \
            and any(_is_title_noun(sentence.tokens[i]) for i in chain[:-1]):
        return chain[:-1]
    return chain


def _agreeing_start(sentence: Sentence, chain: list[int], start: int, mention: Mention) -> int:
    """A title before a name agrees with it in case. «пресс-секретарь министра Ивана Петрова»:
    the genitive name is the minister's, so his title starts at «министра»; the press
    secretary is someone else."""
    words = [t.text for t in sentence.tokens[mention.first:mention.last + 1]]
    if names.uninflected(words):   # «заместитель председателя Хурала Ганзориг Тумэнбаяр» tagged genitive
        return start
    # «заместитель министра Фаррух Абдукадыров», the unknown first name tagged genitive
    case = names.evident_case(words) or _case(sentence.tokens[mention.first])
    if case is None or _case(sentence.tokens[chain[start]]) in (case, None):
        return start
    # «с заместителем генерального секретаря ООН Сюзанной X», the name tagged genitive: a
    # first name the dictionary knows only in the title's case is in it
    if _case(sentence.tokens[chain[start]]) in _first_name_cases(sentence.tokens[mention.first]):
        return start
    for position in range(start + 1, len(chain)):
        token = sentence.tokens[chain[position]]
        if sentence.mention_at(token.index) is None and _is_title_noun(token) and _case(token) == case:
            while position > start + 1 and sentence.tokens[chain[position - 1]].pos == "ADJ":
                position -= 1
            return position
    return start


def _first_name_cases(token: Token) -> set[str]:
    """The cases (as the parser writes them) a first name the dictionary knows can be in:
    «Сюзанной» only the instrumental; nothing for a word it does not know as a first name."""
    readings = [r for r in names.parses(token.text.lower()) if "Name" in r.tag]
    return {ud for ud, case in names.UD_CASES.items() if ud and any(case in r.tag for r in readings)}


def _case(token: Token) -> str | None:
    return token.feat("Case")


def _joins_titles(sentence: Sentence, mention: Mention, index: int) -> bool:
    """A comma joins two titles of the person named after them; so does «и», unless the verb
    is plural: «глава X и совладелец Y Иван Сидоров заявил» is one person, «президент России и
    премьер Японии Синдзо Абэ провели переговоры» two."""
    word = sentence.tokens[index].text.lower()
    if word in (",", "и") and _meeting_of_list(sentence, mention):
        return False
    return word == "," or (word == "и" and not _plural_predicate(sentence, mention))


def _meeting_of_list(sentence: Sentence, mention: Mention) -> bool:
    """«трёхсторонняя встреча Генерального секретаря, белорусского министра и начальника штаба
    X»: titles listed after a meeting noun with no «с» partner are its parties, each a person
    of their own (a meeting takes two)."""
    tokens = sentence.tokens
    for token in tokens[mention.last + 1:]:
        if token.text in ENDS_OF_CLAUSE or token.pos == "VERB" and token.feat("VerbForm") == "Fin":
            break
        if token.lemma in ("с", "со") and token.pos == "ADP":
            return False
    for token in reversed(tokens[:mention.first]):
        if token.text in ENDS_OF_CLAUSE or token.pos in ("VERB", "AUX") or token.lemma in ("с", "со"):
            return False
        if token.pos in ("NOUN", "PROPN") and token.lemma in MET_WITH:
            return True
    return False


def _plural_predicate(sentence: Sentence, mention: Mention) -> bool:
    """The verb the name (or the title it is attached to) is the subject of is plural."""
    tokens = sentence.tokens
    if not tokens[mention.first].parsed:   # a sentence the parser was not run on: the next verb
        verb = next((t for t in tokens[mention.last + 1:] if t.pos in ("VERB", "AUX") or t.text in APPOSITION), None)
        return verb is not None and verb.feat("Number") == "Plur"
    inside = range(mention.first, mention.last + 1)
    head = next((t.head for t in tokens[mention.first:mention.last + 1] if t.head not in inside), -1)
    for _ in range(LIMITS.titles_before_name + 1):
        if not 0 <= head < len(tokens) or tokens[head].pos in ("VERB", "AUX"):
            break
        head = tokens[head].head
    return 0 <= head < len(tokens) and tokens[head].feat("Number") == "Plur"


def _after(document_text: str, sentence: Sentence, mention: Mention) -> list[Titled]:
    """«Сергей Лавров, министр иностранных дел России», «Андрей Санников — бывший заместитель …»,
    and a caption or headline that is a name and its title alone: «Иван Петров президент ФИДЕ»."""
    after = mention.last + 1
    if after >= len(sentence.tokens):
        return []
    bare = sentence.tokens[after].text not in APPOSITION | {"("}
    if bare and (mention.first != 0 or _case(sentence.tokens[after]) != "Nom"):
        return []
    if not bare and after + 1 >= len(sentence.tokens):
        return []
    start = after if bare else after + 1
    chain = _trim(sentence, _split_at_and(sentence, _chain_right(sentence, start), keep_last=False))
    if bare and (not chain or any(t.pos != "PUNCT" for t in sentence.tokens[chain[-1] + 1:])):
        return []   # the title must end the line: «Иван Петров президент ФИДЕ приехал» is no caption
    if sentence.tokens[after].text == "(":   # «Олег Сидоров (второй тренер)»: the whole bracket, nothing after
        closing = next((i for i in chain if sentence.tokens[i].text == ")"), None)
        chain = _trim(sentence, [i for i in chain if closing is None or i < closing])
        if closing is None and (not chain or chain[-1] + 1 >= len(sentence.tokens)
                                or sentence.tokens[chain[-1] + 1].text != ")"):
            return []
    if not chain or _title_start(sentence, chain, loose=True) != 0:
        return []
    following = chain[-1] + 1
    if following < len(sentence.tokens) and (sentence.mention_at(following) or _person_next(sentence, following)):
        return []   # «Пономарев, координатор движения Удальцов»: the title is the next person's
    return [_titled(document_text, sentence, mention, chain)]


def _person_next(sentence: Sentence, index: int) -> bool:
    mention = sentence.mention_at(index)
    return mention is not None and mention.type == PER


def title_from(document_text: str, sentence: Sentence, index: int) -> PositionRecord | None:
    """The title a noun heads: «является депутатом парламента» -> депутат @ парламент."""
    if not _is_title_noun(sentence.tokens[index], loose=True) or sentence.mention_at(index):
        return None
    start = index
    while start > 0 and _adjective_of_title(sentence, start - 1):
        start -= 1
    chain = _trim(sentence, _split_at_and(sentence, _chain_right(sentence, start), keep_last=False))
    return _position(document_text, sentence, chain) if chain else None


def _adjective_of_title(sentence: Sentence, index: int) -> bool:
    """An adjective before a title noun that is part of it: not a name's, not a verb mistagged."""
    return sentence.tokens[index].pos == "ADJ" and sentence.mention_at(index) is None \
        and _chain_member(sentence, sentence.tokens[index])


def _up_to_organization(sentence: Sentence, chain: list[int]) -> list[int]:
    """A title without a name ends with its organization: «Генерального секретаря ООН»."""
    for n, i in enumerate(chain):
        mention = sentence.mention_at(i)
        if mention is not None:
            return chain[:n] + list(range(i, mention.last + 1))
    return chain


def _standalone(document_text: str, sentence: Sentence, covered: set[int]) -> list[Titled]:
    """Titles with an organization but no name: they stand for a person named elsewhere."""
    found = []
    i = 0
    while i < len(sentence.tokens):
        token = sentence.tokens[i]
        if i in covered or not _is_title_noun(token) or sentence.mention_at(i) or _heading(sentence.tokens, i):
            i += 1
            continue
        start = i
        while start > 0 and start - 1 not in covered and _adjective_of_title(sentence, start - 1):
            start -= 1
        acting = _acting_start(sentence, start)
        if not covered.intersection(range(acting, start)):
            start = acting
        chain = _chain_right(sentence, start)
        here = Mention(sentence.doc_id, sentence.index, start, i, 0, 0, PER, "", "", kind="title")
        # «выступили казахстанский министр и Генеральный секретарь X», «встреча генсека, министра
        # и начальника штаба X»: two
        if _plural_predicate(sentence, here) or _meeting_of_list(sentence, here):
            chain = _split_at_and(sentence, chain, keep_last=False)
        chain = _up_to_organization(sentence, _trim(sentence, chain))
        position = _position(document_text, sentence, chain) if chain else None
        if position is None:
            i += 1
            continue
        first, last = sentence.tokens[chain[0]], sentence.tokens[chain[-1]]
        person = Mention(sentence.doc_id, sentence.index, chain[0], chain[-1], first.start, last.stop,
                         PER, document_text[first.start:last.stop], position.title, kind="title")
        found.append(Titled(person, position, chain[0], chain[-1], i))
        i = max(i, chain[-1]) + 1   # always forward
    return found

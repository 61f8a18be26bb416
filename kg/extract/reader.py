"""The relation readers' view of one sentence: who a token stands for (a name, a title, a
pronoun's antecedent, a relative pronoun's noun), subjects through infinitives and light
verbs, partners after «с», events among dependents. The readers themselves are in
relations.py.
"""

from __future__ import annotations

from kg import names
from kg.extract.titles import title_lemma
from kg.nlp.tree import View, subtree
from kg.records import (
    LOC,
    ORG,
    PER,
    EventRecord,
    Mention,
    Token,
)
from kg.rules import DELEGATIONS, GUESTS, LIGHT_VERBS, LIMITS, PERSONAL_PRONOUNS

from .actors import Actors, first_person_after, is_personal_pronoun, is_plural_pronoun, own_subject, referring
from .events import Events
from .positions import Titled, headed_with

AGENT_TYPES = (PER, ORG)
RELATIVE_ADVERBS = ("где", "куда", "когда")   # «…, где встретился»: the clause takes its host's subject


class Reader:
    """The relation readers' view of one sentence."""

    def __init__(self, view: View, events: Events, titles: list[Titled], actors: Actors):
        self.view = view
        self.events = events
        self.actors = actors
        self.person_at: dict[int, Mention] = {}
        self.refers: list[tuple[Mention, Mention]] = []  # pronouns and descriptions read, and who they are
        self.speeches_before: EventRecord | None = None   # the event the sentence before reported speeches at
        self.title_start = {t.person.key: min(t.first, t.person.first) for t in titles if t.person.kind == "name"}
        for titled in titles:
            person = titled.person
            if person.kind == "title":   # «Генеральный секретарь ОДКБ выступил»: the one named before
                found = actors.described(titled)
                if found is not None:
                    self.refers.append((person, found))
                    person = found
            for i in range(titled.first, titled.last + 1):
                if view.mention(i) is None:
                    self.person_at[i] = person

    def agent(self, index: int) -> Mention | None:
        if index in self.person_at:
            return self.person_at[index]
        if is_personal_pronoun(self.view.tokens[index]):
            return self.pronoun(index)
        if self.view.tokens[index].lemma in GUESTS and self.view.mention(index) is None:
            return self.guest(index)
        if self.view.tokens[index].lemma == "коллега" and self.view.mention(index) is None \
                and self.view.tokens[index].feat("Number") != "Plur":
            return self._counterpart(index)
        mention = self.view.mention(index)
        if self.view.tokens[index].lemma in DELEGATIONS:   # «делегация России во главе с Лавровым»
            head = self.delegation_head(mention.last if mention is not None else index)
            if head is None and (mention is None or mention.kind == "nominal" or mention.last == index) \
                    and self.view.tokens[index].lemma == "делегация":
                head = self.guest(index)   # «китайская делегация была принята»: the one that came
            return head or mention
        if mention is not None:
            return mention if mention.type in AGENT_TYPES else None
        return self._name_beside(index)

    def _apposed(self, index: int) -> list[Token]:
        """The words in apposition to a noun («министр X»), and the names after a dash the parse
        hung as parataxis («Участники встречи — A, B и C — обсудили»)."""
        dashed = [k for k in self.view.children(index, "parataxis")
                  if k.index > 0 and self.view.tokens[k.index - 1].text in ("—", "–", "-")]
        return self.view.children(index, "appos", "flat") + dashed

    def _name_beside(self, index: int) -> Mention | None:
        """The first person named in apposition to a noun."""
        for child in self._apposed(index):
            mention = self.view.mention(child.index)
            if mention is not None and mention.type == PER:
                return mention
        return None

    def _counterpart(self, index: int) -> Mention | None:
        """«с российским коллегой [Андреем Белоусовым]»: the name in apposition, else the one
        person of that country named near."""
        beside = self._name_beside(index)
        if beside is not None:
            return beside
        for adjective in self.view.children(index, "amod"):
            found = self.actors.counterpart(adjective.text.lower(), self.view.sentence.index)
            if found is not None:
                return found
        return None

    def delegation_head(self, end: int) -> Mention | None:
        """The person a delegation is «во главе с», or «возглавляемая», «которую возглавлял» by: the
        one who meets for it."""
        tokens, i = self.view.tokens, end + 1
        if i < len(tokens) and tokens[i].text == ",":
            i += 1
        words = [t.lemma for t in tokens[i:i + 3]]
        if headed_with(tokens, i):
            i += 3
        elif words[:1] in (["возглавлять"], ["возглавить"]):
            i += 1
        elif words[:1] == ["который"] and words[1:2] in (["возглавлять"], ["возглавить"]):
            i += 2   # «делегацией, которую возглавлял X»
        else:
            return None
        titled = self.person_at.get(i)   # «во главе с председателем группы … Йылдызом»
        if titled is not None and titled.kind == "name":
            return titled
        # «во главе с председателем группы дружбы «А – Б» X», where the title missed its name
        return first_person_after(self.view.sentence, i) or titled

    def guest(self, index: int) -> Mention | None:
        """«Гости были приняты»: the visitor named before; the word is kept as the pronouns are."""
        sentence = self.view.sentence
        found = self.actors.guest(sentence.index)
        if found is not None:
            self.refers.append((referring(sentence, index, found), found))
        return found

    def pronoun(self, index: int) -> Mention | None:
        """The person a pronoun stands for (kg/extract/actors.py); the pronoun is kept."""
        sentence = self.view.sentence
        found = self.actors.pronoun(sentence, index, own_subject(sentence, index))
        if found is not None:
            self.refers.append((referring(self.view.sentence, index, found), found))
        return found

    def possessor(self, index: int) -> list[Mention]:
        """«состоялась его встреча с X»: the person a possessive pronoun on the noun stands for."""
        for child in self.view.children(index, "det", "nmod:poss", "nmod"):
            if child.lemma in PERSONAL_PRONOUNS and child.text.lower() in ("его", "её", "ее"):
                # inside the noun phrase, no clause's subject to keep apart from
                found = self.actors.pronoun(self.view.sentence, child.index, set())
                if found is not None:
                    self.refers.append((referring(self.view.sentence, child.index, found), found))
                return [found] if found is not None else []
        return []

    def _they(self, index: int) -> list[Mention]:
        sentence = self.view.sentence
        found = self.actors.they(sentence.index)
        self.refers.extend((referring(sentence, index, person), person) for person in found)
        return found

    def antecedent(self, index: int) -> int:
        """«Миллер и Озерец, которые встречаются»: a relative pronoun stands for the noun before it."""
        if self.view.tokens[index].lemma != "который":
            return index
        current = self.view.head(index)
        while current is not None and current.rel != "acl:relcl":
            current = self.view.head(current.index)
        antecedent = self.view.head(current.index) if current is not None else None
        return antecedent.index if antecedent is not None else index

    def agents(self, tokens) -> list[Mention]:
        found = []
        for token in tokens:
            if is_plural_pronoun(token):   # «Они были приняты»: the people named together before
                found += [m for m in self._they(token.index) if m not in found]
                continue
            holders = self._holding_at_places(token) if self._plural_post(token) else []
            if holders:   # «министры иностранных дел Таджикистана и России обсудили»
                found += [m for m in holders if m not in found]
                continue
            for i in self.view.conjuncts(self.antecedent(token.index)):
                for mention in [self.agent(i)] + self._named_in_apposition(i):
                    if mention is not None and mention not in found:
                        found.append(mention)
        return found

    def _plural_post(self, token: Token) -> bool:
        return token.feat("Number") == "Plur" and token.pos in ("NOUN", "PROPN") \
            and self.view.mention(token.index) is None and bool(title_lemma(token.lemma)) \
            and not self._named_in_apposition(token.index)

    def _named_in_apposition(self, index: int) -> list[Mention]:
        """«Главы МИД России и Турции Иван Петров и Мехмет Йылмаз»: the people a noun names in
        apposition, when it names several."""
        token = self.view.tokens[index]
        if token.pos not in ("NOUN", "PROPN") or self.view.mention(index):
            return []
        found = []
        case = token.feat("Case")
        for child in self._apposed(index):
            if case and child.feat("Case") not in (None, case, "Nom"):   # the tagger errs on heads
                continue   # «заместитель … Самат Ордабаев … Генерального секретаря Антонио Гутерриша»
            for i in self.view.conjuncts(child.index):
                mention = self.agent(i)
                # a name written inflected is no nominative's apposition («министр … Омер Болат …
                # с министрами … Микаилом Джаббаровым», the tagger calling it nominative)
                inflected = mention is not None and (mention.text != mention.normal or not _nominative(mention.text))
                if mention is not None and mention.type == PER and not (case == "Nom" and inflected):
                    found.append(mention)
        if found and token.rel.startswith("nsubj") and token.feat("Number") == "Plur":
            # «Постпреды КНР Чэнь Сюй и Индии Арриндам Багчи обсудили»: every name between the
            # plural subject and its verb, some hung elsewhere by the parse
            verb = token.head
            between = [m for m in self.view.sentence.mentions if m.type == PER and m.kind == "name"
                       and index < m.first and m.last < verb and _nominative(m.text)]
            found += [m for m in between if m not in found]
        return found if len(found) > 1 else []

    def subject_agents(self, index: int) -> list[Mention]:
        """The subject of a verb trigger, or of the verb a noun trigger hangs on."""
        token = self.view.tokens[index]
        verb = token if token.pos in ("VERB", "AUX") else self.view.governing_verb(index)
        if verb is None and token.pos not in ("VERB", "AUX"):
            verb = next((t for t in self.view.tokens if t.head == -1), None)
        if verb is None:
            return []
        return self._controlling_subject(verb)

    def _controlling_subject(self, verb: Token) -> list[Mention]:
        """A verb's subject; for an infinitive, its governor's («Лавров отказался встретиться»,
        «министры планируют провести переговоры»); for a verbal adverb or a verb joined by «и»,
        the verb's it goes with («Открывая форум, министр отметил», «прибыл в Казань и выступил
        на форуме»); for a participle, the noun it describes («Лавров, выступивший на сессии»)."""
        for _ in range(LIMITS.control_depth):
            if verb.feat("VerbForm") == "Part" and verb.rel.split(":")[0] in ("acl", "amod"):
                head = self.view.head(verb.index)
                return self.agents([head]) if head is not None else []
            found = self.agents(self.view.subjects(verb.index))
            head = self.view.head(verb.index)
            if not found and _where_clause(self.view, verb):   # «приехал в МИД, где встретился с X»
                head = self.view.governing_verb(verb.index)
                if head is not None:
                    verb = head
                    continue
            if found or head is None or not _shares_subject(verb, head):
                # when the parse lost the subject, a name standing right before the verb is it
                return found or self.adjacent_subject(verb.index)
            verb = head
        return []

    def adjacent_subject(self, verb: int) -> list[Mention]:
        """When the parse lost the subject, a name standing right before the verb (or its
        auxiliary: «Петров был принят») is it."""
        before = verb - 1
        while before > 0 and self.view.tokens[before].pos == "AUX":
            before -= 1
        mention = self.view.mention(before) if before >= 0 else None
        if mention is not None and mention.type in AGENT_TYPES \
                and (self.view.tokens[mention.first].feat("Case") == "Nom"
                     or mention.type == PER and names.nominative_surname(self.view.tokens[mention.last].text)):
            return self._joined_before(mention) + [mention] if self.view.tokens[verb].feat("Number") == "Plur" \
                else [mention]
        return []

    def _joined_before(self, mention: Mention) -> list[Mention]:
        """«Р. Алимжанов и Р. Мукамбетов провели», «A и министр B провели»: the names joined by
        «и» or commas before the last one (past its title), in order."""
        found: list[Mention] = []
        while True:
            # «A и Министр торговли Турции B провели»: past the name's own title
            start = min(mention.first, self.title_start.get(mention.key, mention.first))
            if start < 2 or self.view.tokens[start - 1].text not in ("и", ","):
                break
            before = self.view.mention(start - 2)
            if before is None or before.type != mention.type:
                break
            found.insert(0, before)
            mention = before
        return found

    def genitive_agents(self, index: int) -> list[Mention]:
        """«переговоры министра»: a dependent name in the genitive (not «с послом» whose «с» the
        parse hung elsewhere); in a list of people in the genitive («встреча заместителя
        министра A, секретаря министерства B и заместителя министра C»), every one of them."""
        found = self.agents(k for k in self.view.children(index, "nmod")
                            if not self.view.case_marker(k.index) and k.feat("Case") in ("Gen", None))
        return found + [p for p in self._genitive_list(index) if p not in found] if found else found

    def holders_of_posts(self, index: int) -> list[Mention]:
        """«встреча министров обороны России, Беларуси и Кыргызстана»: for a post in the plural
        and the places it is held in, the people the text named in each."""
        found: list[Mention] = []
        for child in self.view.children(index, "nmod"):
            if child.feat("Number") != "Plur" or not title_lemma(child.lemma) or self.view.case_marker(child.index):
                continue
            found += [p for p in self._holding_at_places(child) if p not in found]
        return found

    def _post_words(self, token: Token) -> str:
        return " ".join([token.lemma] + [k.text.lower() for k in self.view.children(token.index, "nmod")
                                         if self.view.mention(k.index) is None and k.pos == "NOUN"])

    def _places_below(self, index: int) -> list[Mention]:
        """The places named under a word, inside an organization's name too («глав
        внешнеполитических ведомств Таджикистана и России»)."""
        below = set(subtree(self.view.tokens, index))
        named = [m for m in self.view.sentence.mentions + self.view.sentence.inner
                 if m.type == LOC and m.first in below]
        return list({m.key: m for m in sorted(named, key=lambda m: m.first)}.values())

    def _holding_at_places(self, token: Token) -> list[Mention]:
        found: list[Mention] = []
        sent = self.view.sentence.index
        for place in self._places_below(token.index):
            person = self.actors.holding(self._post_words(token), place, sent)
            if person is not None and person not in found:
                found.append(person)
        if not found:   # «с туркменским и узбекским министрами»: the countries by their adjectives
            adjectives = [k for a in self.view.children(token.index, "amod") for k in self.view.conjuncts(a.index)]
            holders = [self.actors.counterpart(self.view.tokens[a].text.lower(), sent, self._post_words(token))
                       for a in adjectives]
            found = [p for p in holders if p is not None] if len(adjectives) > 1 and all(holders) else []
        return found

    def _genitive_list(self, index: int) -> list[Mention]:
        """The people named in the genitive after a meeting noun, up to «с», a verb or a
        clause's end."""
        found: list[Mention] = []
        for token in self.view.tokens[index + 1:]:
            if token.lemma in ("с", "со", "между") or token.text in (";", ":") or \
                    (token.pos in ("VERB", "AUX") and token.feat("VerbForm") == "Fin"):
                break
            person = self.person_at.get(token.index) or self.view.mention(token.index)
            if person is not None and person.type == PER and person not in found \
                    and self.view.tokens[min(person.first, token.index)].feat("Case") == "Gen":
                found.append(person)
        return found

    def light_verb_agents(self, index: int) -> list[Mention]:
        """«Петров провёл переговоры»: the subject of the verb right before the noun, even where
        the parse hung the noun on another clause's verb."""
        verb = self.view.tokens[index - 1] if index > 0 else None
        if verb is None or verb.lemma not in LIGHT_VERBS:
            return []
        return self.agents(self.view.subjects(verb.index))

    def partner_next(self, index: int) -> list[Mention]:
        """«переговоры с Антонио Гутеррешем»: the person right after «с», where the parse lost the
        preposition's link to the trigger."""
        tokens = self.view.tokens
        if index + 2 >= len(tokens) or tokens[index + 1].text.lower() not in ("с", "со"):
            return []
        mention = self.view.mention(index + 2)
        return [mention] if mention is not None and mention.type == PER and mention.first == index + 2 else []

    def object_next(self, index: int) -> list[Mention]:
        """«принял в министерстве Посла Италии Николу Ортоллани»: where the parse hung the
        object elsewhere, the first person after the verb in the accusative (or an animate
        genitive) with no preposition, before the clause ends."""
        return self._unmarked_object(self.view.tokens[index + 1:], over_adjectives=False)

    def object_before(self, index: int) -> list[Mention]:
        """«После переговоров турецкого министра принял премьер-министр X»: the object before
        the verb, where the parse hung it elsewhere: the nearest person in the accusative (or
        an animate genitive) back to the clause's start, with no preposition before it (nor
        before its adjectives)."""
        return self._unmarked_object(reversed(self.view.tokens[:index]), over_adjectives=True)

    def _unmarked_object(self, words, over_adjectives: bool) -> list[Mention]:
        """The first person among `words`, in the accusative or genitive with no preposition,
        before the clause ends (a name in quotes goes on: «принял в резиденции «Ала-Арча» X»)."""
        tokens = self.view.tokens
        for token in words:
            if token.pos == "PUNCT" and token.text not in "«»\"" \
                    or (token.pos in ("VERB", "AUX") and token.feat("VerbForm") == "Fin"):
                return []
            person = self.person_at.get(token.index) or self.view.mention(token.index)
            if person is None or person.type != PER or token.feat("Case") not in ("Acc", "Gen"):
                continue
            first = tokens[min(token.index, person.first)]
            while over_adjectives and first.index > 0 and tokens[first.index - 1].pos == "ADJ":
                first = tokens[first.index - 1]
            if first.index == 0 or tokens[first.index - 1].pos != "ADP":
                return [person]
        return []

    def marked(self, index: int, *prepositions: str):
        return [k for k in self.view.children(index, "obl", "nmod", "iobj", "obj")
                if self.view.case_marker(k.index) in prepositions]

    def event_among(self, tokens) -> EventRecord | None:
        """The first event among the tokens; events named directly win over «в рамках X»."""
        tokens = list(tokens)
        for contained in (False, True):
            for token in tokens:
                event = self.events.at(self.view, token.index, contained=contained)
                if event is not None:
                    return event
        return None

    def event_after(self, index: int, prepositions: tuple[str, ...]) -> EventRecord | None:
        """Fallback when the parse attached the event elsewhere: «участие во Всемирной Ассамблее»,
        «участие в организованной министерством выставке»: the first event after the preposition."""
        tokens = self.view.tokens
        near = range(index + 1, min(index + 1 + LIMITS.preposition_words, len(tokens)))
        start = next((j for j in near if tokens[j].lemma in prepositions), None)
        if start is None:
            return None
        for k in range(start + 1, min(start + 1 + LIMITS.event_words, len(tokens))):
            if tokens[k].pos == "PUNCT" or (tokens[k].pos in ("VERB", "AUX") and tokens[k].feat("VerbForm") == "Fin"):
                return None
            event = self.events.at(self.view, k)
            if event is not None:
                return event
        return None

    def named_after(self, index: int) -> list[Mention]:
        """The people named after a token, each once, a title standing for its person."""
        found: list[Mention] = []
        for i in range(index + 1, len(self.view.tokens)):
            person = self.person_at.get(i) or self.view.mention(i)
            if person is not None and person.type == PER and person not in found:
                found.append(person)
        return found

    def nominative_after(self, index: int) -> list[Mention]:
        """«Сессию «…» модерировала декан … Ирина Белова» (the verb tagged an adjective): the
        first person after it in the nominative."""
        for person in self.named_after(index):
            if self.view.tokens[person.first].feat("Case") == "Nom":
                return [person]
        return []

    def event_before(self, index: int) -> EventRecord | None:
        """The nearest event named before a token in its sentence: «на круглом столе «…»,
        организованном X» where the parse hung the participle on a later noun."""
        for i in range(index - 1, -1, -1):
            if self.view.tokens[i].pos in ("VERB", "AUX") and self.view.tokens[i].feat("VerbForm") == "Fin":
                return None
            event = self.events.at(self.view, i, contained=False)
            if event is not None:
                return event
        return None

    def after_dash(self, index: int) -> list[Mention]:
        """«соорганизатором — Региональное содружество»: the organization or person right after the
        dash that follows a word, and those joined to it."""
        tokens = self.view.tokens
        if index + 2 >= len(tokens) or tokens[index + 1].text not in ("-", "–", "—"):
            return []
        mention = self.view.mention(index + 2)
        if mention is None or mention.type not in AGENT_TYPES:
            return []
        return self.agents([tokens[mention.first]]) or [mention]

    def jointly(self) -> list[Mention]:
        """«совместно с Постоянным бюро», «совместно с БГУ»: who did it together with the agent."""
        found = []
        for token in self.view.tokens[:-2]:
            if token.lemma == "совместно" and self.view.tokens[token.index + 1].lemma in ("с", "со"):
                mention = self.view.mention(token.index + 2)
                if mention is not None and mention.type in AGENT_TYPES and mention.first == token.index + 2:
                    found += [m for m in self.agents([self.view.tokens[mention.first]]) or [mention] if m not in found]
        return found

    def recent_event(self) -> EventRecord | None:
        event = self.events.context(self.view.sentence.index)
        if event is not None and self.view.sentence.index - self.events.last_seen(event) <= LIMITS.event_context:
            return event
        return None


def _nominative(name: str) -> bool:
    """Whether a name's last word may be in the nominative: «Тхангом» may not, even where the
    name was not normalized («Нгуеном Ван Тхангом»)."""
    word = name.split()[-1].lower()
    if not word.endswith(("ом", "ем", "ым", "им", "ой", "ей")):   # an instrumental's ending, or no doubt
        return True
    nouns = [r for r in names.parses(word) if "NOUN" in r.tag]
    return not nouns or any("nomn" in r.tag for r in nouns)


def _where_clause(view: View, verb: Token) -> bool:
    """«прибыл в Минск, где встретился с X»: a relative clause of place or time, whose verb
    has no subject of its own and takes the subject of the clause it hangs in."""
    return verb.rel == "acl:relcl" and any(k.lemma in RELATIVE_ADVERBS for k in view.children(verb.index, "advmod"))


def _shares_subject(verb: Token, head: Token) -> bool:
    """A verb with no subject of its own that takes its head's: an infinitive, a verbal adverb
    («открывая»), a verb joined by «и» to a verb."""
    if verb.rel == "xcomp":
        return True
    if verb.rel == "advcl":
        return verb.feat("VerbForm") == "Conv"
    return verb.rel == "conj" and head.pos in ("VERB", "AUX")

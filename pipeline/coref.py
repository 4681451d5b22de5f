"""Who is who in an article, as far as money events need it.

Turns the PER/ORG entities of one article into participants: each name mention with its
canonical name ("Zuckerberg" -> "Mark Zuckerberg", "Thinking Machines" -> "Thinking Machines Lab"),
plus pronouns ("er", "ihm", "es") and company descriptions ("das Unternehmen", "der CEO von Meta")
resolved to a name. Every participant carries the grammatical hints the role rules read: the
preposition and case-marked determiner in front of it, and whether it only modifies a compound
("OpenAI-Mitarbeiter") or is a possessive ("Metas").

Names from a trained NER model are noisy, so a span the model alone found must look like a name
(``party_names``); a person span named like a company is an organisation; a one-word name the model
left untagged elsewhere and that follows an article is doubtful (``doubtful_names``).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from pipeline.model import Entity
from pipeline.sentences import Sentence, Token

NAME_LABELS = ("PER", "ORG")
DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Participant:
    start: int
    end: int
    label: str
    name: str
    sentence: int
    kind: str  # name | pronoun | description
    prep: str | None = None
    case: str | None = None
    modifier: bool = False
    possessive: bool = False
    compound_head: str = ""

    @property
    def unmarked(self) -> bool:
        """Could be the clause subject: no preposition, no oblique case, not inside a compound."""
        return self.prep is None and self.case in (None, "nom") and not self.modifier and not self.possessive


@dataclass(frozen=True)
class Affiliation:
    organisation: str
    role: str
    head: bool


@dataclass(frozen=True)
class Cast:
    """All participants of one article, by sentence, with the stated person -> organisation links."""

    by_sentence: dict[int, tuple[Participant, ...]]
    affiliations: dict[str, Affiliation]
    doubtful: frozenset[str] = frozenset()  # names only the NER model saw, and not everywhere they stand

    def in_sentence(self, index: int) -> tuple[Participant, ...]:
        return self.by_sentence.get(index, ())

    def same_party(self, first: str | None, second: str | None) -> bool:
        """True for equal names and for a person and the organisation the text says they head."""
        if first is None or second is None:
            return False
        if first == second:
            return True
        for person, organisation in ((first, second), (second, first)):
            link = self.affiliations.get(person)
            if link is not None and link.head and link.organisation == organisation:
                return True
        return False


@lru_cache(maxsize=None)
def load_data(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def build_cast(sentences: Sequence[Sentence], entities: Sequence[Entity]) -> Cast:
    grammar = load_data("events_grammar.json")
    words = load_data("events_coref.json")
    names = sorted(party_names(sentences, entities), key=lambda e: (e.start, -e.end))
    canonical = canonical_names(names)
    located: dict[int, list[Participant]] = {s.index: [] for s in sentences}
    spans = [(e.start, e.end) for e in names]
    for entity in names:
        sentence = _sentence_of(sentences, entity.start)
        if sentence is None or _addressed(sentence, entity, words["address_words"]):
            continue
        hints = grammar_hints(sentence, entity.start, entity.end, grammar, spans)
        hints["possessive"] = hints["possessive"] or _genitive_mention(entity)
        located[sentence.index].append(
            Participant(entity.start, entity.end, entity.label, canonical[_name_id(entity)], sentence.index, "name", **hints)
        )
    people = sorted({canonical[_name_id(e)] for e in names if e.label == "PER"})
    companies = sorted({canonical[_name_id(e)] for e in names if e.label == "ORG"})
    short_companies = _short_company_names(companies, frozenset(words["org_name_suffixes"]))
    for sentence in sentences:
        located[sentence.index].extend(_short_name_mentions(sentence, located[sentence.index], people, grammar))
        located[sentence.index].extend(_short_company_mentions(sentence, located[sentence.index], short_companies, grammar))
    affiliations = find_affiliations(sentences, located, words)
    resolved: dict[int, tuple[Participant, ...]] = {}
    for sentence in sentences:
        mentions = list(located[sentence.index])
        for anaphor in _anaphors(sentence, mentions, affiliations, grammar, words):
            if anaphor.name:
                mentions.append(anaphor)
                continue
            antecedent = _antecedent(anaphor, sentence, mentions, resolved, words["search_back_sentences"])
            if antecedent is not None:
                mentions.append(replace(anaphor, name=antecedent.name, label=antecedent.label, compound_head=""))
                if anaphor.kind == "description" and anaphor.label == "PER":
                    affiliations[antecedent.name] = Affiliation(anaphor.compound_head, "head", True)
        resolved[sentence.index] = tuple(sorted(mentions, key=lambda p: (p.start, p.end)))
    return Cast(resolved, affiliations, doubtful_names(sentences, names, canonical))


def party_names(sentences: Sequence[Sentence], entities: Sequence[Entity]) -> list[Entity]:
    """The PER/ORG entities that can be parties of a deal.

    A span of the NER model alone (no gazetteer or consistency id) is dropped when it does not look
    like a name ("Demonstrationen", "Kim lud Trump", "Kims Gesundheitszustand"). A short mention
    whose full name stands in the text right before it covers the full name ("Media" + "Broadcast").
    A person is an organisation, in all its mentions, when the article also tags it as one, when it
    ends in a company suffix ("Signa Holding") or when an article or a company noun stands right
    before it ("der Media Broadcast", "Dienstleister Media Broadcast")."""
    words = load_data("events_coref.json")
    shape = words["name_shape"]
    names = [_full_name_span(e, sentences) for e in entities if e.label in NAME_LABELS]
    people = {e.text for e in names if e.label == "PER"}
    owners = people | {e.text.split()[-1] for e in names if e.label == "PER"}
    names = [_without_owner(e, owners) for e in names]
    organisations = {e.text for e in names if e.label == "ORG"}
    kept = [e for e in names if (e.value or {}).get("id") or _name_shaped(e.text, e.label, people, shape, words)]
    companies = {_name_id(e) for e in kept if e.label == "PER" and _organisation_named(e, sentences, organisations, words)}
    return [replace(e, label="ORG") if e.label == "PER" and _name_id(e) in companies else e for e in kept]


def doubtful_names(sentences: Sequence[Sentence], names: Sequence[Entity], canonical: dict[str, str]) -> frozenset[str]:
    """One-word names that rest on the NER model alone and read like a common noun: the model left
    the word untagged elsewhere in the article, and somewhere it follows an article ("das Kraftwerk")."""
    determiners = load_data("events_grammar.json")["determiners"]
    trusted = {canonical[_name_id(e)] for e in names if (e.value or {}).get("id")}
    candidates = {
        e.text for e in names
        if canonical[_name_id(e)] == e.text and e.text not in trusted
        and e.text[:1].isupper() and e.text.replace("-", "").isalpha() and e.text.replace("-", "")[1:].islower()
    }
    tagged = sorted((e.start, e.end) for e in names)
    starts = [start for start, _ in tagged]
    untagged: set[str] = set()
    after_article: set[str] = set()
    for sentence in sentences:
        for i, token in enumerate(sentence.tokens):
            if token.text not in candidates:
                continue
            at = bisect_right(starts, token.start) - 1
            if at < 0 or tagged[at][1] <= token.start:
                untagged.add(token.text)
            if i > 0 and sentence.tokens[i - 1].lower in determiners:
                after_article.add(token.text)
    return frozenset(untagged & after_article)


def _without_owner(entity: Entity, owners: set[str]) -> Entity:
    """ "Benkos Signa Holding" -> "Signa Holding": a person's genitive before a name of two or more words
    is its owner, not part of it."""
    first, _, rest = entity.text.partition(" ")
    if (entity.value or {}).get("id") or len(rest.split()) < 2 or not first.endswith("s") or first[:-1] not in owners:
        return entity
    return replace(entity, start=entity.end - len(rest), text=rest)


def _name_id(entity: Entity) -> str:
    return (entity.value or {}).get("id") or entity.text


def _full_name_span(entity: Entity, sentences: Sequence[Sentence]) -> Entity:
    full = _name_id(entity)
    missing = full[: -len(entity.text)] if full.endswith(" " + entity.text) else ""
    sentence = _sentence_of(sentences, entity.start)
    if not missing or sentence is None or entity.start - len(missing) < sentence.start:
        return entity
    at = entity.start - len(missing) - sentence.start
    if sentence.text[at : at + len(missing)] != missing:
        return entity
    return replace(entity, start=entity.start - len(missing), text=full)


def _name_shaped(text: str, label: str, people: set[str], shape: dict[str, Any], words: dict[str, Any]) -> bool:
    parts = text.split()
    if len(parts) > shape["max_words"] or any(c.isdigit() for c in text):
        return False
    if any(w[:1].islower() and w not in shape["particles"] for w in parts[1:]) or (len(parts) > 1 and parts[-1][:1].islower()):
        return False  # "Kim lud Trump", "Signa Development von"
    if label == "PER" and any(w.endswith("s") and w[:-1] in people for w in parts[:-1]):
        return False  # "Kims Gesundheitszustand": a person's genitive before a common noun
    if len(parts) != 1 or "-" in text:
        return True  # "Deutsche Vermögensberatung", "Mercedes-Niederlassungen": a name may end in a noun
    word = text.lower()
    noun = any(
        word.endswith(suffix) and len(word) - len(suffix) >= shape["min_stem_chars"] for suffix in shape["common_noun_suffixes"]
    )
    return not noun or any(word.endswith(head) for head in words["org_nouns"] + shape["organisation_heads"])


def _organisation_named(entity: Entity, sentences: Sequence[Sentence], organisations: set[str], words: dict[str, Any]) -> bool:
    if entity.text in organisations or entity.text.split()[-1].lower() in words["org_name_suffixes"]:
        return True
    sentence = _sentence_of(sentences, entity.start)
    before = [t for t in sentence.tokens if t.end <= entity.start] if sentence is not None else []
    if not before or entity.text != _name_id(entity):
        return False  # "die Kaesers dieser Welt": an article before a person's other forms says nothing
    grammar = load_data("events_grammar.json")
    return before[-1].lower in grammar["determiners"] or any(before[-1].lower.endswith(n) for n in words["org_nouns"])


def _short_name_mentions(
    sentence: Sentence, mentions: list[Participant], people: list[str], grammar: dict[str, Any]
) -> list[Participant]:
    """A known person's bare surname ("Tulloch lehnte ab.") even where the entities missed it."""
    surnames: dict[str, set[str]] = {}
    for name in (p for p in people if len(p.split()) > 1):
        surnames.setdefault(name.split()[-1], set()).add(name)
    found: list[Participant] = []
    for token in sentence.tokens:
        if any(m.start <= token.start < m.end for m in mentions):
            continue
        bare = token.text[:-1] if token.text.endswith("s") and token.text[:-1] in surnames else token.text
        names = surnames.get(bare, set())
        if len(names) == 1:
            hints = grammar_hints(sentence, token.start, token.start + len(bare), grammar, [(m.start, m.end) for m in mentions])
            found.append(Participant(token.start, token.start + len(bare), "PER", names.pop(), sentence.index, "name", **hints))
    return found


def _genitive_mention(entity: Entity) -> bool:
    """ "Kaesers", "Metas", "MiniMax'": the recogniser's span is the genitive form of the name it stands for."""
    name = (entity.value or {}).get("id")
    if not name or entity.text in (name, name.split()[-1]):
        return False
    return entity.text[:-1] in (name, name.split()[-1]) and entity.text.endswith(("s", "'", "’"))


def _addressed(sentence: Sentence, entity: Entity, address_words: Sequence[str]) -> bool:
    """ "Herr Vilanek, in Deutschland ...": a person spoken to at the start of a sentence is no party of it."""
    before = [t for t in sentence.tokens if t.end <= entity.start]
    after = [t for t in sentence.tokens if t.start >= entity.end][:1]
    return (
        entity.label == "PER" and bool(before) and all(t.lower in address_words for t in before)
        and bool(after) and after[0].text == ","
    )


def _short_company_names(companies: Sequence[str], suffixes: frozenset[str]) -> dict[str, str]:
    """ "Exaring" -> "Exaring AG": the one-word name a company goes by without its legal form."""
    short: dict[str, set[str]] = {}
    for name in companies:
        words = name.split()
        if len(words) == 2 and words[1].lower() in suffixes and words[0][:1].isupper():
            short.setdefault(words[0], set()).add(name)
    return {word: names.pop() for word, names in short.items() if len(names) == 1}


def _short_company_mentions(
    sentence: Sentence, mentions: list[Participant], short: dict[str, str], grammar: dict[str, Any]
) -> list[Participant]:
    """A company's name without its legal form ("an dem Unternehmen Exaring") where the entities missed it."""
    found: list[Participant] = []
    for token in sentence.tokens:
        if token.text not in short or any(m.start < token.end and token.start < m.end for m in mentions):
            continue
        hints = grammar_hints(sentence, token.start, token.end, grammar, [(m.start, m.end) for m in mentions])
        found.append(Participant(token.start, token.end, "ORG", short[token.text], sentence.index, "name", **hints))
    return found


def canonical_names(names: Sequence[Entity]) -> dict[str, str]:
    """Map every surface name to the fullest name of the same label in the article.

    A person's surname or first name maps to the full name it ends or starts with; an organisation's
    short name to the longer name it starts; a possessive "Metas" to "Meta". A mention the gazetteer
    or the name consistency tied to a name stands for that name.
    """
    suffixes = frozenset(load_data("events_coref.json")["org_name_suffixes"])
    texts: dict[str, set[str]] = {"PER": set(), "ORG": set()}
    for entity in names:
        texts[entity.label].add(_name_id(entity))
    result: dict[str, str] = {}
    for label, surfaces in texts.items():
        for surface in surfaces:
            base = surface
            if surface.endswith("s") and surface[:-1] in surfaces:
                base = surface[:-1]
            words = base.split()
            longer = [o for o in surfaces if len(o.split()) > len(words) and _extends(o.split(), words, label, suffixes)]
            result[surface] = max(longer, key=lambda o: (len(o), o)) if longer else base
    return result


def _extends(longer: list[str], words: list[str], label: str, suffixes: frozenset[str]) -> bool:
    if label == "PER":
        return longer[: len(words)] == words or longer[-len(words) :] == words
    return longer[: len(words)] == words and all(w.lower() in suffixes for w in longer[len(words) :])


def grammar_hints(
    sentence: Sentence, start: int, end: int, grammar: dict[str, Any], names: Sequence[tuple[int, int]] = ()
) -> dict[str, Any]:
    """Preposition, case and compound status of the span [start, end) from the words around it.

    Walking left, the words of the name's own noun phrase are passed over: determiners (their case
    is kept), adjectives and nouns ("durch den Handelsriesen Edeka"), but not another name, a verb
    or the sentence's first word."""
    tokens = sentence.tokens
    first = next(i for i, t in enumerate(tokens) if t.end > start)
    last = next((i for i, t in enumerate(tokens) if t.end >= end), len(tokens) - 1)
    # a hashtag is still the name; a "@handle" only addresses an account
    inner_left = tokens[first].text[: start - tokens[first].start].lstrip("#")
    inner_right = tokens[last].text[end - tokens[last].start :]
    hints: dict[str, Any] = {"prep": None, "case": None, "modifier": False, "possessive": False, "compound_head": ""}
    if inner_right in ("s", "'s", "’s"):
        hints["possessive"] = True
    elif inner_right.startswith("-"):
        hints["modifier"] = True
        hints["compound_head"] = inner_right.lower()
    if inner_left:
        hints["modifier"] = True
        return hints
    # a pronoun takes no article or adjective: only the word right before it can govern it ("bei ihr")
    reach = 1 if tokens[first].lower in grammar["pronouns"] and end == tokens[first].end else 5
    # a common noun passed over needs its own article or number: in "mit milder Stimme Castellanos"
    # the preposition governs "Stimme", not the name
    bare_noun = has_article = determined = False
    for i in range(first - 1, max(0, first - reach) - 1, -1):
        token = tokens[i]
        word = token.lower
        if word in grammar["prepositions"]:
            fused = word != grammar["prepositions"][word]  # "beim", "vom": preposition and article
            if not bare_noun or has_article or fused:
                hints["prep"] = grammar["prepositions"][word]
            break
        if not has_article and _genitive_attribute(tokens, i, grammar, names):
            # "an der Gründung der AfD": the preposition governs "Gründung", the name is its attribute
            hints["case"] = "gen"
            break
        if word in grammar["determiners"] or token.text.replace(".", "").isdigit():
            hints["case"] = hints["case"] or grammar["determiners"].get(word)
            has_article = True
            determined = determined or word in grammar["determiners"]
            continue
        if word in grammar["skip_before_name"] or _is_descriptor(token):
            continue
        if i == first - 1 and token.text[:1].isupper() and token.text.endswith(("s", "'", "’")) and word not in _verb_forms():
            has_article = True  # "von Benkos Signa Holding": a possessive name is the determiner of the next one
            continue
        if any(s < token.end and token.start < e for s, e in names) or token is tokens[0] or word in _verb_forms():
            break
        if token.text[:1].isupper() and token.text.replace("-", "").isalpha():
            if determined:
                break  # "in New Orleans seine Bar X": a noun before the article heads another phrase
            bare_noun = True
            continue
        if token.text.isalpha() and token.text.islower() and word.endswith(("e", "en", "er", "es", "em")):
            continue  # an adjective
        break
    return hints


def _genitive_attribute(tokens: Sequence[Token], i: int, grammar: dict[str, Any], names: Sequence[tuple[int, int]]) -> bool:
    """A genitive article at ``i`` right after a common noun ("Gründung der", "Angaben des")."""
    if tokens[i].lower not in grammar["genitive_articles"] or i < 2:  # a sentence-initial word may be a conjunction ("Seit der ...")
        return False
    noun = tokens[i - 1]
    return (
        noun.text[:1].isupper() and noun.text.replace("-", "").isalpha()
        and noun.lower not in grammar["determiners"] and noun.lower not in _verb_forms()
        and not _is_descriptor(noun) and not any(s < noun.end and noun.start < e for s, e in names)
    )


@lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    """Every verb form the event rules know, and the auxiliaries: never part of a noun phrase."""
    triggers = load_data("event_triggers.json")
    grammar = load_data("events_grammar.json")
    forms = {f for v in triggers["verbs"] for f in v["forms"] + v.get("split_forms", [])}
    forms |= set(triggers["receive_verbs"]["forms"]) | set(grammar["perfect_auxiliaries"]) | set(grammar["passive_auxiliaries"])
    return frozenset(forms | set(grammar["intent_cues"]))


def _is_descriptor(token: Token) -> bool:
    """A capitalised common noun standing in apposition before a name ("das Startup Windsurf")."""
    words = load_data("events_coref.json")
    word = token.lower
    nouns = words["org_nouns"] + words["head_roles"] + words["member_roles"]
    return token.text[:1].isupper() and any(word == n or word.endswith(n) or word.endswith("-" + n) for n in nouns)


def find_affiliations(
    sentences: Sequence[Sentence], located: dict[int, list[Participant]], words: dict[str, Any]
) -> dict[str, Affiliation]:
    """Person -> organisation links the text states: "Meta-CEO Mark Zuckerberg", "Mark Zuckerberg, CEO von Meta"."""
    roles = {r: True for r in words["head_roles"]} | {r: False for r in words["member_roles"]}
    organisations = {m.name for ms in located.values() for m in ms if m.label == "ORG"}
    found: dict[str, Affiliation] = {}

    def note(person: str, organisation: str, role: str) -> None:
        if person not in found or (roles[role] and not found[person].head):
            found[person] = Affiliation(organisation, role, roles[role])

    for sentence in sentences:
        mentions = located[sentence.index]
        for person in (m for m in mentions if m.label == "PER"):
            before = [t for t in sentence.tokens if t.end <= person.start]
            if before and before[-1].end in (person.start, person.start - 1):
                organisation, _, role = before[-1].text.rpartition("-")
                if organisation in organisations and role.lower() in roles:
                    note(person.name, organisation, role.lower())
            for org in (m for m in mentions if m.label == "ORG"):
                role = _appositive_role(person, org, sentence, roles, words)
                if role is not None:
                    note(person.name, org.name, role)
    return found


def _appositive_role(
    person: Participant, org: Participant, sentence: Sentence, roles: dict[str, bool], words: dict[str, Any]
) -> str | None:
    """ "Mark Zuckerberg, CEO von Meta" / "Mark Zuckerberg – Chef von Meta": role and link between the two names."""
    if not person.end <= org.start:
        return None
    between = [t.lower for t in sentence.tokens if person.end <= t.start and t.end <= org.start]
    if not between or between[0] not in (",", "–", "—", "(", "-"):
        return None
    content = [w for w in between[1:] if w not in ("der", "die", "ein", "eine", "ehemaliger", "ehemalige")]
    if len(content) == 2 and content[0] in roles and content[1] in words["role_links"]:
        return content[0]
    return None


def _anaphors(
    sentence: Sentence,
    mentions: list[Participant],
    affiliations: dict[str, Affiliation],
    grammar: dict[str, Any],
    words: dict[str, Any],
) -> list[Participant]:
    """Pronouns and descriptions in the sentence; a role description tied to a named organisation
    comes back already resolved (non-empty name)."""
    covered = [(m.start, m.end) for m in mentions]
    tokens = sentence.tokens
    found: list[Participant] = []
    for i, token in enumerate(tokens):
        if any(s <= token.start < e for s, e in covered):
            continue
        pronoun = grammar["pronouns"].get(token.lower)
        if pronoun is not None and _is_referring_pronoun(tokens, i, grammar):
            hints = grammar_hints(sentence, token.start, token.end, grammar, covered)
            hints["case"] = pronoun["case"]
            found.append(Participant(token.start, token.end, pronoun["label"], "", sentence.index, "pronoun", **hints))
            continue
        if token.lower not in grammar["determiners"] and token.lower not in ("im", "beim", "vom", "zum"):
            continue
        noun_at = i + 1
        while noun_at < len(tokens) and tokens[noun_at].lower in grammar["skip_before_name"]:
            noun_at += 1
        if noun_at >= len(tokens):
            continue
        noun = tokens[noun_at]
        # "das Startup Windsurf": a capitalised word right after the noun is its name, found or not
        next_is_name = noun_at + 1 < len(tokens) and (
            any(m.start == tokens[noun_at + 1].start for m in mentions) or tokens[noun_at + 1].text[:1].isupper()
        )
        if noun.lower in words["org_nouns"] and not next_is_name and noun.text[:1].isupper():
            hints = grammar_hints(sentence, token.start, noun.end, grammar, covered)
            hints["case"] = hints["case"] or grammar["determiners"].get(token.lower)
            found.append(Participant(token.start, noun.end, "ORG", "", sentence.index, "description", **hints))
            continue
        person = _role_description(sentence, noun_at, mentions, affiliations, words)
        if person is not None:
            hints = grammar_hints(sentence, token.start, noun.end, grammar, covered)
            found.append(
                replace(
                    person,
                    start=token.start,
                    prep=hints["prep"],
                    case=hints["case"] or grammar["determiners"].get(token.lower),
                )
            )
    return found


def _role_description(
    sentence: Sentence,
    noun_at: int,
    mentions: list[Participant],
    affiliations: dict[str, Affiliation],
    words: dict[str, Any],
) -> Participant | None:
    """ "der CEO von Meta" / "der Meta-Chef": the head of a named organisation, as the person when known."""
    tokens = sentence.tokens
    noun = tokens[noun_at]
    heads = set(words["head_roles"])
    org: Participant | None = None
    end = noun.end
    if noun.lower in heads and noun_at + 2 < len(tokens) and tokens[noun_at + 1].lower in words["role_links"]:
        org = next((m for m in mentions if m.label == "ORG" and m.start == tokens[noun_at + 2].start), None)
        end = org.end if org else end
    else:
        org = next(
            (m for m in mentions if m.label == "ORG" and m.start == noun.start and m.compound_head.lstrip("-") in heads),
            None,
        )
    if org is None:
        return None
    head = next((p for p, a in sorted(affiliations.items()) if a.head and a.organisation == org.name), None)
    if head is None:
        # unknown head: left unnamed, resolved to the salient person, who then heads the organisation
        return Participant(noun.start, end, "PER", "", sentence.index, "description", compound_head=org.name)
    return Participant(noun.start, end, "PER", head, sentence.index, "description")


def _is_referring_pronoun(tokens: Sequence[Token], i: int, grammar: dict[str, Any]) -> bool:
    token = tokens[i]
    if token.text == "Sie" and i > 0:
        return False  # polite address, not a third person
    if token.lower == "es":
        neighbours = {tokens[j].lower for j in (i - 1, i + 1) if 0 <= j < len(tokens)}
        return not neighbours & set(grammar["expletive_es_neighbours"])
    if token.lower == "ihr" and i + 1 < len(tokens):
        following = tokens[i + 1]
        return not (following.text[:1].isupper() or following.lower in grammar["skip_before_name"] or following.lower.endswith(("e", "en", "er", "es", "em")))
    return True


def _antecedent(
    anaphor: Participant,
    sentence: Sentence,
    mentions: list[Participant],
    resolved: dict[int, tuple[Participant, ...]],
    search_back: int,
) -> Participant | None:
    """Earlier anaphors of the same sentence first ("Obwohl das Unternehmen ..., hat es ..."),
    then the subject-like mention of the nearest earlier sentence that has one of the right label."""

    # an object pronoun never means the subject of its own clause ("X bot ihm ..." : ihm is not X)
    subjects_here = {m.name for m in mentions if m.unmarked and m.name} if anaphor.case in ("dat", "acc") else set()

    def fits(p: Participant) -> bool:
        return bool(p.name) and (anaphor.label == "ANY" or p.label == anaphor.label) and p.name not in subjects_here

    same = [m for m in mentions if m.end <= anaphor.start and m.kind != "name" and fits(m)]
    if same:
        return same[-1]
    for index in range(sentence.index - 1, max(-1, sentence.index - 1 - search_back), -1):
        candidates = [p for p in resolved.get(index, ()) if fits(p)]
        if candidates:
            subjects = [p for p in candidates if p.unmarked]
            return (subjects or candidates)[0]
    return None


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    at = bisect_right([s.start for s in sentences], offset) - 1
    return sentences[at] if at >= 0 and offset < sentences[at].end else None

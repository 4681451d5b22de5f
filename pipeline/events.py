"""Money events: who offered, bought, invested in or valued whom, for how much, with what outcome.

Rules over the entities of one article:

1. Sentences and tokens come from the spaCy blank German tokenizer (``pipeline.sentences``).
2. Triggers come from the lexicon in ``data/event_triggers.json``: verbs in every form, split
   separable verbs ("bot ... an"), zu-infinitives, nouns and compound heads ("E-Plus-Übernahme",
   "Milliardenangebot"), and amounts fused into a company noun ("170-Milliarden-Dollar-Startup").
3. Roles come from the clause around the trigger: the unmarked subject, objects marked by case
   ("Ihm bot Zuckerberg ... an"), prepositions ("Übernahme von X durch Y"), possessives ("Metas
   Angebot"), passive voice ("wurde von X übernommen"), receiving verbs ("hat es Investitionen
   erhalten") and, for infinitive clauses, the subject of the main clause. Pronouns and
   descriptions are resolved by ``pipeline.coref``.
4. The triggers of one sentence that fit together make one event; the money, duration and date
   mentions of the sentence go to the nearest event.
5. Status comes from the trigger (tense, intent, offer) and from cues after it, also in the next
   sentences ("Tulloch lehnte ab."), with negation.
6. Events of the same deal across the article merge into one (same type, same parties, compatible
   amounts).
7. A deal needs a target or an amount (a merger word alone will do), and not only parties that read
   like common nouns; a yes/no question states no deal and only adds to one told before. Party names
   from the NER model alone are checked by ``pipeline.coref`` (shape, labels, owners).
"""

from __future__ import annotations

import argparse
import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from pipeline.coref import Cast, Participant, build_cast, load_data
from pipeline.model import Article, Entity, Event, Evidence, read_items, sort_key, to_record, write_atomic, write_jsonl
from pipeline.sentences import Sentence, split_sentences

ROLES = ("actor", "target")
REFER_BACK_SENTENCES = 3
HEADLINE_PARAGRAPHS = 2  # the title, and a kicker or a leftover page-chrome line before it
_NON_DEAL = re.compile(
    "(?:^|-|[a-zäöüß])(?:" + "|".join(load_data("events_grammar.json")["non_deal_objects"]) + ")(?:s|n|en|es)?$"
)
CSV_COLUMNS = (
    "id", "article_id", "type", "actor", "target", "amount", "amount_min", "amount_max", "currency",
    "duration", "status", "date", "evidence_text", "evidence_start", "evidence_end",
)


@dataclass(frozen=True)
class Trigger:
    entry: dict[str, Any]
    kind: str  # verb | noun | money_compound
    index: int
    start: int
    end: int
    infinitive: bool = False
    participle: bool = False
    past: bool = False
    money: Entity | None = None


@dataclass
class Draft:
    """An event while it is being built; becomes an ``Event`` at the end."""

    type: str
    sentence: Sentence
    triggers: list[Trigger]
    actor: str | None = None
    target: str | None = None
    status: str = "unknown"
    money: list[Entity] = field(default_factory=list)
    duration: str | None = None
    date: str | None = None
    definite: bool = False  # "das Angebot": refers back to a deal already told
    refers_back: bool = False  # "Der Kaufpreis ...", "Die Übernahme ist abgeschlossen.": adds to the deal before
    any_type: bool = False  # refers back to a deal of any type ("der Deal")
    asked: bool = False  # "Streben Sie die Mehrheit an?": a question states no deal, it can only add to one told before
    last_told: int = -1  # the latest sentence that mentions the deal, once mentions merged into it


@dataclass(frozen=True)
class Lexicon:
    verb_forms: dict[str, tuple[dict[str, Any], ...]]
    split_forms: dict[str, tuple[dict[str, Any], ...]]
    nouns: tuple[dict[str, Any], ...]
    noun_rank: dict[str, int]  # head -> index of its first entry in ``nouns``
    money_compounds: dict[str, Any]
    receive: dict[str, Any]
    type_priority: tuple[str, ...]
    grammar: dict[str, Any]
    status: dict[str, Any]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    triggers = load_data("event_triggers.json")
    verb_forms: dict[str, list[dict[str, Any]]] = {}
    split_forms: dict[str, list[dict[str, Any]]] = {}
    for entry in triggers["verbs"]:
        for form in entry["forms"]:
            verb_forms.setdefault(form, []).append(entry)
        for form in entry.get("split_forms", ()):
            split_forms.setdefault(form, []).append(entry)
    nouns = tuple(sorted(triggers["nouns"], key=lambda n: -len(n["head"])))
    return Lexicon(
        verb_forms={k: tuple(v) for k, v in verb_forms.items()},
        split_forms={k: tuple(v) for k, v in split_forms.items()},
        nouns=nouns,
        noun_rank={n["head"]: i for i, n in reversed(list(enumerate(nouns)))},
        money_compounds=triggers["money_compounds"],
        receive=triggers["receive_verbs"],
        type_priority=tuple(triggers["type_priority"]),
        grammar=load_data("events_grammar.json"),
        status=load_data("events_status.json"),
    )


# --- public API -------------------------------------------------------------------------------


def find_events(article: Article, entities: list[Entity]) -> list[Event]:
    """All money events of one article, one per deal, sorted by evidence offset."""
    lex = lexicon()
    # a span without a word names nobody; the model never makes one, but callers of the API might
    entities = [e for e in entities if e.text.strip()]
    spans = [(e.start, e.end) for e in entities]
    sentences = split_sentences(article.text, keep_together=spans)
    if not sentences:
        return []
    cast = build_cast(sentences, entities)
    by_sentence = _entities_by_sentence(sentences, entities)
    drafts: list[Draft] = []
    trigger_sentences: set[int] = set()
    for sentence in sentences:
        local = by_sentence.get(sentence.index, [])
        triggers = find_triggers(sentence, local, cast.in_sentence(sentence.index), lex)
        if triggers:
            trigger_sentences.add(sentence.index)
        drafts.extend(_sentence_events(sentence, triggers, local, cast, sentences, lex))
    for draft in drafts:
        _follow_status(draft, sentences, trigger_sentences, cast, lex)
    # a deal is about someone or some sum: a party acting alone ("bietet Dienstleistungen an",
    # "kontinuierlich investieren") is no deal, unless the word itself can only mean one ("fusionieren",
    # whose partner the entities may miss); nor is a deal whose only parties may be common nouns
    merged = [
        d for d in merge_deals(drafts, cast)
        if d.money or (
            (d.target is not None or all(t.entry.get("organisations_only") for t in d.triggers))
            and not {d.actor, d.target} - {None} <= cast.doubtful
        )
    ]
    events = [_to_event(article.id, d) for d in merged]
    return sorted(events, key=lambda e: (e.evidence.start, e.type, e.id))


# --- triggers ---------------------------------------------------------------------------------


def find_triggers(
    sentence: Sentence, entities: Sequence[Entity], participants: Sequence[Participant], lex: Lexicon
) -> list[Trigger]:
    """Every lexicon trigger in the sentence (before checking what it needs)."""
    tokens = sentence.tokens
    found: list[Trigger] = []
    money = [e for e in entities if e.label == "MONEY"]
    for i, token in enumerate(tokens):
        word = token.lower
        capitalised_inside = i > 0 and token.text[:1].isupper()
        if not capitalised_inside:
            for entry in lex.verb_forms.get(word, ()):
                particle = entry.get("particle") or ""
                if not particle and _other_particle_verb(tokens, i, lex):
                    continue
                infinitive = (i > 0 and tokens[i - 1].lower == "zu") or (bool(particle) and word.startswith(particle + "zu"))
                found.append(
                    Trigger(entry, "verb", i, token.start, token.end, infinitive,
                            word in entry["participles"], word in entry["past"])
                )
            for entry in lex.split_forms.get(word, ()):
                if _particle_after(tokens, i, entry["particle"], lex) is not None:
                    found.append(Trigger(entry, "verb", i, token.start, token.end, past=word in entry["past"]))
        if token.text[:1].isupper():
            noun = _noun_entry(word, token.start, participants, lex)
            if noun is not None and not (i > 0 and tokens[i - 1].lower in noun.get("not_after", ())) and not (
                noun.get("after_function_word") and i > 0 and not tokens[i - 1].text.islower()
            ):
                found.append(Trigger(noun, "noun", i, token.start, token.end))
        for amount in money:
            inside = token.start <= amount.start and amount.end <= token.end and (amount.start, amount.end) != (token.start, token.end)
            if inside and any(word.endswith("-" + head) for head in lex.money_compounds["heads"]):
                found.append(Trigger(lex.money_compounds, "money_compound", i, token.start, token.end, money=amount))
    return [t for t in found if not _about_a_duty(t, sentence, lex) and not _a_holding(t, sentence, lex)]


def _a_holding(trigger: Trigger, sentence: Sentence, lex: Lexicon) -> bool:
    """ "hält Anteile an X", "ist an X beteiligt": owning a stake is a state, not a deal."""
    if trigger.entry["type"] != "investment" or trigger.kind == "money_compound":
        return False
    segments = clause_segments(sentence, lex)
    words = {t.lower for t, s in zip(sentence.tokens, segments) if s == segments[trigger.index]}
    if trigger.kind == "verb":
        return bool(words & set(trigger.entry.get("holding_with", ()))) and "sich" not in words
    return bool(words & set(lex.grammar["holding_verbs"]))


def _about_a_duty(trigger: Trigger, sentence: Sentence, lex: Lexicon) -> bool:
    """ "übernimmt die Leitung", "Übernahme des Vorstandspostens": taking over a duty, not a company."""
    if trigger.entry["type"] != "acquisition" or trigger.kind == "money_compound":
        return False
    tokens = sentence.tokens
    if trigger.kind == "noun":
        window = tokens[trigger.index + 1 : trigger.index + 5]
    else:
        segments = clause_segments(sentence, lex)
        window = [t for t, s in zip(tokens, segments) if s == segments[trigger.index]]
    return any(_NON_DEAL.search(t.lower) for t in window)


def _other_particle_verb(tokens: Sequence[Any], i: int, lex: Lexicon) -> bool:
    """ "Kunden kaufen dort ein": the clause closes with a particle, so the verb is "einkaufen"."""
    return any(_particle_after(tokens, i, particle, lex) is not None for particle in lex.grammar["separable_particles"])


def _particle_after(tokens: Sequence[Any], i: int, particle: str, lex: Lexicon) -> int | None:
    """Index of the separated particle closing the clause of the finite verb at ``i``."""
    closers = set(lex.grammar["clause_punctuation"]) | {".", "!", "?", "und", "oder", "aber", "doch", "“", "\""}
    for j in range(i + 1, len(tokens)):
        word = tokens[j].lower
        if word == particle and (j + 1 == len(tokens) or tokens[j + 1].lower in closers):
            return j
        if word in lex.grammar["clause_punctuation"]:
            return None
    return None


def _noun_entry(word: str, start: int, participants: Sequence[Participant], lex: Lexicon) -> dict[str, Any] | None:
    # "des Erwerbs", "des Mergers", "Zusammenschlusses"; the old and Swiss spelling "Zusammenschluß"
    spelled = word.replace("ß", "ss")
    stems = (spelled, *(spelled[: -len(ending)] for ending in lex.grammar["genitive_noun_endings"] if spelled.endswith(ending)))
    # the longest head any stem ends with, as the first of ``lex.nouns`` (longest head first) would be
    matches = [(lex.noun_rank[stem[k:]], n, stem) for n, stem in enumerate(stems) for k in range(len(stem)) if stem[k:] in lex.noun_rank]
    for rank, _, stem in sorted(matches)[:1]:
        entry = lex.nouns[rank]
        head = entry["head"]
        prefix = stem[: -len(head)]
        bare = prefix.rstrip("-")
        modified_by_name = bool(prefix) and any(p.start == start and p.modifier for p in participants)
        if "allow_prefixes" in entry:
            allowed = bare in entry["allow_prefixes"] or prefix in entry["allow_prefixes"] or modified_by_name
        else:
            allowed = not any(bare.endswith(x) for x in entry.get("exclude_prefixes", ()))
        return entry if allowed else None
    return None


# --- one sentence -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Roles:
    actor: str | None
    target: str | None
    via_prep: bool
    person_sold: bool = False
    bought: bool = False  # the target is a company a price or a bid is for


def _sentence_events(
    sentence: Sentence,
    triggers: list[Trigger],
    entities: Sequence[Entity],
    cast: Cast,
    sentences: Sequence[Sentence],
    lex: Lexicon,
) -> list[Draft]:
    if not triggers:
        return []
    participants = cast.in_sentence(sentence.index)
    segments = clause_segments(sentence, lex)
    money = [e for e in entities if e.label == "MONEY"]
    drafts: list[Draft] = []
    for trigger in triggers:
        roles = assign_roles(trigger, sentence, participants, segments, cast, lex)
        if trigger.entry.get("refers_back"):
            roles = Roles(None, None, False)  # "der Deal", "der Kaufpreis": only ever about the deal before
        anaphoric = trigger.kind == "noun" and _after_definite_article(sentence, trigger)
        # a yes/no question ("Ist der Kaufpreis nicht überzogen?") neither states nor rejects; a w-question
        # ("Wann fließen aus der Übernahme Umsätze?") takes the deal as given
        asked = sentence.text.rstrip().endswith("?") and sentence.tokens[0].lower not in lex.grammar["question_words"]
        # "Die Übernahme ist abgeschlossen.": no party of its own, it can only add to the deal before
        partyless_reference = (anaphoric or trigger.entry.get("refers_back", False)) and roles.actor is None and roles.target is None
        if roles.person_sold or not (partyless_reference or _needs_met(trigger, roles, sentence, money, segments, lex)):
            continue
        draft = Draft(
            type="acquisition" if roles.bought else trigger.entry["type"],
            sentence=sentence,
            triggers=[trigger],
            actor=roles.actor,
            target=roles.target,
            status="unknown" if asked else base_status(trigger, sentence, segments, lex),
            definite=anaphoric and not money,
            refers_back=anaphoric or trigger.entry.get("refers_back", False),
            any_type=trigger.entry.get("any_type", False),
            asked=asked,
        )
        _group_into(drafts, draft, cast, lex)
    owned = {id(t.money) for d in drafts for t in d.triggers if t.money is not None}
    for draft in drafts:
        draft.money.extend(t.money for t in draft.triggers if t.money is not None)
    free = [m for m in money if id(m) not in owned and _deal_amount(m, sentence, lex)]
    open_drafts = [d for d in drafts if not any(t.kind == "money_compound" for t in d.triggers)]
    for amount in free:
        if open_drafts:
            _nearest(open_drafts, amount).money.append(amount)
    for draft in drafts:
        draft.duration = _nearest_value(draft, [e for e in entities if e.label == "DURATION"])
        draft.date = _nearest_value(draft, [e for e in entities if e.label == "DATE"])
        if draft.actor is None and draft.target is None and draft.type != "acquisition" and sentence.paragraph < HEADLINE_PARAGRAPHS:
            draft.actor = _neighbour_organisation(sentence, sentences, cast)
    return [d for d in drafts if d.actor is not None or d.target is not None or d.refers_back]


def _deal_amount(amount: Entity, sentence: Sentence, lex: Lexicon) -> bool:
    """False for a price per share ("52 Euro je Aktie") and a company figure ("einem Umsatz von 5 Mrd. Euro")."""
    tokens = sentence.tokens
    after = [t.lower for t in tokens if t.start >= amount.end][:2]
    per_unit = lex.grammar["per_unit_money"]
    if len(after) == 2 and after[0] in per_unit["words"] and after[1] in per_unit["units"]:
        return False
    before = [t.lower for t in tokens if t.end <= amount.start][-5:]
    cues = lex.grammar["non_deal_money_cues"]
    return not any(word in cues or word.endswith(tuple(cues)) for word in before)


def _group_into(drafts: list[Draft], draft: Draft, cast: Cast, lex: Lexicon) -> None:
    """Triggers of one sentence that fit together ("bot an, SSI zu kaufen") make one event."""
    for other in drafts:
        valuation = "valuation" in (other.type, draft.type)
        if valuation and other.type != draft.type:
            continue
        if any(t.kind == "money_compound" for t in other.triggers + draft.triggers):
            continue
        if not all(_compatible(getattr(other, r), getattr(draft, r), cast) for r in ROLES):
            continue
        other.triggers.extend(draft.triggers)
        other.type = min((other.type, draft.type), key=lex.type_priority.index)
        other.actor = other.actor or draft.actor
        other.target = other.target or draft.target
        other.status = max((other.status, draft.status), key=lambda s: lex.status["rank"][s])
        return
    drafts.append(draft)


def _after_definite_article(sentence: Sentence, trigger: Trigger) -> bool:
    before = [t.lower for t in sentence.tokens[max(0, trigger.index - 3) : trigger.index]]
    return any(word in ("das", "die", "den", "dem", "des", "dieses", "diese", "diesen") for word in before)


def _compatible(first: str | None, second: str | None, cast: Cast) -> bool:
    return first is None or second is None or cast.same_party(first, second)


def clause_segments(sentence: Sentence, lex: Lexicon) -> list[int]:
    """Segment number of every token: a new segment starts after clause punctuation."""
    marks = set(lex.grammar["clause_punctuation"])
    numbers: list[int] = []
    current = 0
    for token in sentence.tokens:
        if token.text in marks:
            current += 1
        numbers.append(current)
    return numbers


def _segment_of(sentence: Sentence, segments: list[int], offset: int) -> int:
    for token, segment in zip(sentence.tokens, segments):
        if token.end > offset:
            return segment
    return segments[-1]


def _is_subordinate(sentence: Sentence, segments: list[int], segment: int, lex: Lexicon) -> bool:
    first = next((t for t, s in zip(sentence.tokens, segments) if s == segment and t.text not in lex.grammar["clause_punctuation"]), None)
    return first is not None and first.lower in lex.grammar["clause_openers"]


def assign_roles(
    trigger: Trigger,
    sentence: Sentence,
    participants: Sequence[Participant],
    segments: list[int],
    cast: Cast,
    lex: Lexicon,
) -> Roles:
    """Actor and target of one trigger from the grammar of its clause."""
    rules = trigger.entry["roles"]
    segment = segments[trigger.index]
    if trigger.kind == "money_compound":
        return Roles(None, _valued_company(trigger, participants), False)
    words = {t.lower for t, s in zip(sentence.tokens, segments) if s == segment}
    receiving = bool(words & set(lex.receive["forms"])) or bool(words & _response_words(lex))
    auxiliaries = set(lex.grammar["passive_auxiliaries"])
    if trigger.entry["type"] in ("acquisition", "valuation"):
        auxiliaries |= set(lex.grammar["stative_passive_auxiliaries"])
    passive = trigger.kind == "verb" and trigger.participle and bool(words & auxiliaries)
    preps = dict(rules.get("passive_preps", {}) if passive else rules.get("preps", {}))
    if receiving and trigger.entry["type"] in ("investment", "offer", "other"):
        preps |= lex.receive["roles"]["preps"]
    subject_role = "target" if (receiving or passive) else rules.get("subject", "actor")
    buying = trigger.entry["type"] == "acquisition"
    found: dict[str, str | None] = {"actor": None, "target": None, "seller": None}
    via_prep = person_sold = bought = False

    def put(role: str | None, p: Participant) -> bool:
        nonlocal person_sold, bought
        if trigger.entry.get("organisations_only") and p.label != "ORG":
            return False
        if role == "bought":
            if p.label != "ORG" or found["target"] is not None:
                return False
            bought = True
            role = "target"
        if buying and role in ("target", "seller") and p.label == "PER":
            # companies are bought, people are not: a footballer "verkauft an" a club is a transfer
            person_sold = person_sold or role == "target"
            return False
        if role in found and found[role] is None:
            found[role] = p.name
            return True
        return False

    core: list[Participant] = []
    assigned: set[int] = set()
    pairs: list[tuple[Participant, Participant]] = []
    previous: Participant | None = None
    for p in participants:
        if _segment_of(sentence, segments, p.start) != segment:
            continue
        joined = previous is not None and _coordinated(sentence, previous, p, lex)
        first_of_pair, previous = previous, p
        if joined and first_of_pair is not None:
            pairs.append((first_of_pair, p))
            continue  # "Audi, BMW und Daimler kauften ...": the second name shares the first one's role
        role: str | None = None
        if trigger.start <= p.start and p.end <= trigger.end:
            role = rules.get("preps", {}).get("von") if trigger.kind == "noun" and p.modifier else None
        elif p.possessive:
            if _determines_a_name(p, participants, sentence):
                continue  # "Benkos Signa Holding": the holding is the party, Benko only its owner
            role = rules.get("possessor")
        elif p.modifier:
            continue
        elif p.prep is not None:
            if trigger.kind == "noun" and not _in_noun_phrase_of(trigger, p, sentence, lex):
                continue
            role = preps.get(p.prep)
            via_prep = via_prep or role is not None
        else:
            core.append(p)
            continue
        if role is not None and put(role, p):
            assigned.add(id(p))
    if trigger.kind == "noun":
        genitive = _right_after(trigger, core, sentence, lex)
        if genitive is not None:
            core.remove(genitive)
            if put(rules.get("preps", {}).get("von"), genitive):
                assigned.add(id(genitive))
        topic = _headline_topic(trigger, sentence, segments, participants)
        if topic is not None and put(rules.get("preps", {}).get("von"), topic):
            assigned.add(id(topic))
        # after a noun, the remaining names belong to the clause's verb, not to the deal
        core = [p for p in core if p.start < trigger.start]
    subjects = [p for p in core if p.unmarked]
    subject = None if trigger.infinitive or not subjects else subjects[0]
    relative = _relative_clause(sentence, segments, segment, participants, lex) if trigger.kind == "verb" else None
    if relative is not None:
        pronoun, antecedent = relative
        # "Comcast, der 2009 NBC übernommen hat": "der" is the subject; "X, den Y übernahm": the object
        if pronoun == "der" or (pronoun in ("die", "das") and subject is None):
            core, subject = [p for p in core if p is not antecedent], antecedent
        elif antecedent is not None:
            put(rules.get("object"), antecedent)
    elif trigger.kind == "verb" and trigger.index > 0 and sentence.tokens[trigger.index - 1].lower in ("und", "oder", "sowie"):
        # "X legt 3,8 Milliarden auf den Tisch und übernimmt das Studio Y": the subject comes before "und"
        subject = next((p for p in core if p.unmarked and p.start < trigger.start), None)
        core = [p for p in core if p.start > trigger.start or p is subject]
    embedding = _embedding(trigger, sentence, lex) if trigger.kind == "noun" else None
    keeps_subject = embedding is None or embedding in lex.grammar["actor_keeping_preps"]
    if subject is not None and not keeps_subject:
        subject = None  # "gegen die Übernahme", "die Rückabwicklung der Fusion": the subject is not the buyer
    for p in core:
        if p is not subject and (subject is not None or keeps_subject):
            if rules.get("object"):
                put(rules["object"], p)
    if subject is None and keeps_subject and not (trigger.kind == "verb" and _finite_subordinate(sentence, segments, segment, lex)):
        subject = _main_clause_subject(sentence, segments, segment, participants, lex)
    if subject is not None and (embedding is None or subject.label == "ORG") and put(subject_role, subject):
        assigned.add(id(subject))
    for first, second in pairs:
        if "coordinated" in rules and id(first) in assigned:
            put(rules["coordinated"], second)  # "X und Y fusionieren": the other party
    actor, target = found["actor"], found["target"]
    if target is None and actor is not None:
        target = found["seller"]  # "X verkauft seine Sparte an Y": the deal is about (a part of) X
    if actor is not None and target is not None and cast.same_party(actor, target):
        target = None
    return Roles(actor, target, via_prep, person_sold, bought and target is not None)


def _headline_topic(
    trigger: Trigger, sentence: Sentence, segments: list[int], participants: Sequence[Participant]
) -> Participant | None:
    """ "BHF Kleinwort Benson: Übernahme durch Oddo": the name before a colon is what the deal noun is about."""
    if trigger.index < 2 or sentence.tokens[trigger.index - 1].text != ":":
        return None
    before = [p for p in participants if p.end <= sentence.tokens[trigger.index - 1].start]
    if len(before) == 1 and sentence.tokens[0].start == before[0].start:
        return before[0]
    return None


def _relative_clause(
    sentence: Sentence, segments: list[int], segment: int, participants: Sequence[Participant], lex: Lexicon
) -> tuple[str, Participant | None] | None:
    """The relative pronoun opening the trigger's clause and the name it stands for (the nearest name
    before the clause), or None when the clause is not a relative clause."""
    indices = [i for i, s in enumerate(segments) if s == segment and sentence.tokens[i].text not in lex.grammar["clause_punctuation"]]
    if not indices or indices[0] == 0:
        return None
    first = sentence.tokens[indices[0]]
    following = sentence.tokens[indices[0] + 1] if indices[0] + 1 < len(sentence.tokens) else None
    if first.lower not in ("der", "die", "das", "den", "dem") or following is None or following.text[:1].isupper():
        return None  # an article ("die Übernahme"), not a pronoun
    earlier = [p for p in participants if p.end <= first.start and not p.modifier and p.prep is None]
    return first.lower, (earlier[-1] if earlier else None)


def _embedding(trigger: Trigger, sentence: Sentence, lex: Lexicon) -> str | None:
    """The preposition a trigger noun stands in ("gegen die Übernahme" -> "gegen"), "gen" for a genitive
    attribute of another noun ("die Rückabwicklung der Fusion"), None when it heads its own phrase."""
    for i in range(trigger.index - 1, max(-1, trigger.index - 5), -1):
        token = sentence.tokens[i]
        if token.lower in lex.grammar["prepositions"]:
            return lex.grammar["prepositions"][token.lower]
        if token.lower in lex.grammar["determiners"]:
            before = sentence.tokens[i - 1] if i > 0 else None
            genitive_article = token.lower in ("der", "des", "eines", "einer")
            attribute = genitive_article and before is not None and before.text[:1].isupper() and before.text.isalpha()
            if attribute:
                return "gen"
            if before is not None and before.lower in lex.grammar["prepositions"]:
                return lex.grammar["prepositions"][before.lower]
            return None
        if not (token.text[:1].islower() and token.text.isalpha()):
            return None
    return None


def _in_noun_phrase_of(trigger: Trigger, p: Participant, sentence: Sentence, lex: Lexicon) -> bool:
    """A prepositional name after a trigger noun belongs to it only if nothing but noun-phrase words
    stand between them ("Übernahme der Kette X durch den Händler Y", not "Übernahme von Here
    unabhängig von Google")."""
    if p.start < trigger.end:
        return False
    grammar = lex.grammar
    for token in sentence.tokens[trigger.index + 1 :]:
        if token.start >= p.start:
            return True
        word = token.lower
        phrase_word = (
            word in grammar["prepositions"] or word in grammar["determiners"] or word in grammar["skip_before_name"]
            or word in ("und", "'", "’", "-")
            or token.text[:1].isupper() or token.text.replace(".", "").replace(",", "").isdigit()
            or (token.text.isalpha() and word.endswith(("e", "en", "er", "es", "em")))
        )
        if not phrase_word:
            return False
    return True


def _determines_a_name(possessive: Participant, participants: Sequence[Participant], sentence: Sentence) -> bool:
    following = [t for t in sentence.tokens if t.start >= possessive.end][:1]
    return bool(following) and any(p.start == following[0].start and p.kind == "name" for p in participants)


def _coordinated(sentence: Sentence, first: Participant, second: Participant, lex: Lexicon) -> bool:
    """ "X und Y", "X und der Y": the second name is joined to the first."""
    between = [t.lower for t in sentence.tokens if first.end <= t.start and t.end <= second.start]
    return bool(between) and between[0] in ("und", "sowie", "/", ",") and all(w in lex.grammar["determiners"] for w in between[1:])


def _response_words(lex: Lexicon) -> set[str]:
    cues = lex.status["cues"]
    words = {w for status in ("rejected", "accepted") for w in cues[status]["words"]}
    return words | {v for status in ("rejected", "accepted") for s in cues[status]["split"] for v in s["verbs"]}


def _right_after(trigger: Trigger, core: list[Participant], sentence: Sentence, lex: Lexicon) -> Participant | None:
    """A genitive name right after a trigger noun ("die Übernahme des Konzerns Xing")."""
    for p in core:
        if p.start <= trigger.end:
            continue
        between = [t for t in sentence.tokens if trigger.end <= t.start and t.end <= p.start]
        if len(between) <= 3 and all(t.lower in ("des", "der", "eines", "einer") or t.text[:1].isupper() for t in between):
            return p
        return None
    return None


def _main_clause_subject(
    sentence: Sentence, segments: list[int], segment: int, participants: Sequence[Participant], lex: Lexicon
) -> Participant | None:
    """Subject of the nearest earlier main clause: who does what an infinitive clause describes."""
    earlier = sorted({segments[i] for i, t in enumerate(sentence.tokens) if segments[i] < segment}, reverse=True)
    for allow_subordinate in (False, True):
        for number in earlier:
            if not allow_subordinate and _is_subordinate(sentence, segments, number, lex):
                continue
            if _is_parenthetical(sentence, segments, number):
                continue
            subjects = [p for p in participants if p.unmarked and _segment_of(sentence, segments, p.start) == number]
            if subjects:
                return subjects[0]
    return None


def _finite_subordinate(sentence: Sentence, segments: list[int], segment: int, lex: Lexicon) -> bool:
    """ "..., dass investiert werden muss": the verb of a finite subordinate clause has its own subject, so
    it does not take the main clause's ("die OECD schätzt"); an infinitive clause ("..., X zu kaufen") does."""
    words = [t.lower for t, s in zip(sentence.tokens, segments) if s == segment and t.text not in lex.grammar["clause_punctuation"]]
    return bool(words) and words[0] in lex.grammar["finite_clause_openers"] and "zu" not in words


def _is_parenthetical(sentence: Sentence, segments: list[int], segment: int) -> bool:
    opener = next((t for t, s in zip(sentence.tokens, segments) if s == segment), None)
    return opener is not None and opener.text == "("


def _valued_company(trigger: Trigger, participants: Sequence[Participant]) -> str | None:
    """The company a "170-Milliarden-Dollar-Startup" describes: the name right after it, else the subject before it."""
    after = [p for p in participants if p.start > trigger.end and p.label == "ORG"]
    if after and after[0].start - trigger.end <= 1:
        return after[0].name
    before = [p for p in participants if p.end <= trigger.start and p.label == "ORG" and p.unmarked]
    return before[0].name if before else None


def _needs_met(
    trigger: Trigger, roles: Roles, sentence: Sentence, money: Sequence[Entity], segments: list[int], lex: Lexicon
) -> bool:
    needs = trigger.entry.get("needs")
    if needs == "money":
        return bool(money)
    if needs == "target":
        return roles.target is not None
    if needs == "prep":
        return roles.via_prep
    if needs == "target_or_prep":
        return roles.target is not None or roles.via_prep
    if needs == "money_or_status":
        return bool(money) or any(status in ("rejected", "accepted") for status, _ in cues_in(sentence, lex, after=trigger.start))
    return True


# --- status -----------------------------------------------------------------------------------


def base_status(trigger: Trigger, sentence: Sentence, segments: list[int], lex: Lexicon) -> str:
    """Status the trigger's own clause states: offered, planned (intent), completed (past), or unknown."""
    kind = trigger.entry["type"]
    if kind == "valuation":
        return "unknown"
    segment = segments[trigger.index]
    if _trigger_negated(sentence, segments, segment, lex):
        return "rejected"  # "will Klarwerk nicht übernehmen", "kein Angebot"
    if "status" in trigger.entry:
        return trigger.entry["status"]
    scope = {s for s in (segment, segment - 1) if trigger.infinitive or s == segment}
    words = [t.lower for t, s in zip(sentence.tokens, segments) if s in scope]
    if set(words) & set(lex.grammar["intent_cues"]):
        return "planned"
    if kind == "offer":
        return "offered"
    if _is_past(words, lex):
        return "completed"
    return "unknown"


@lru_cache(maxsize=1)
def _past_forms() -> tuple[frozenset[str], frozenset[str]]:
    lex = lexicon()
    entries = [e for forms in lex.verb_forms.values() for e in forms]
    participles = {p for e in entries for p in e["participles"]} | set(lex.receive["participles"])
    finite = {p for e in entries for p in e["past"]} | set(lex.receive["past"])
    return frozenset(finite - participles), frozenset(participles)


def _is_past(words: Sequence[str], lex: Lexicon) -> bool:
    finite, participles = _past_forms()
    present = set(words)
    if present & finite:
        return True
    auxiliaries = set(lex.grammar["perfect_auxiliaries"]) | {"wurde", "wurden", "worden"}
    return bool(present & participles) and bool(present & auxiliaries)


def cues_in(sentence: Sentence, lex: Lexicon, *, after: int = -1) -> list[tuple[str, int]]:
    """Status cues in the sentence as (status, token index); a split cue counts where its particle is,
    and only if that is after ``after``. Negation in the cue's clause flips accepted to rejected."""
    tokens = sentence.tokens
    segments = clause_segments(sentence, lex)
    found: list[tuple[str, int]] = []
    for status, cue in lex.status["cues"].items():
        for i, token in enumerate(tokens):
            at: int | None = i if token.lower in cue["words"] else None
            if at is None:
                for split in cue["split"]:
                    if token.lower in split["verbs"]:
                        at = _particle_after(tokens, i, split["particle"], lex)
                        if at is not None:
                            break
            if at is None or tokens[at].start <= after or _conditional(tokens, segments, at, lex):
                continue
            found.append((_negated(status, tokens, segments, at, lex), at))
    return sorted(found, key=lambda f: f[1])


def _conditional(tokens: Sequence[Any], segments: list[int], at: int, lex: Lexicon) -> bool:
    opener = next(t for t, s in zip(tokens, segments) if s == segments[at] and t.text not in lex.grammar["clause_punctuation"])
    return opener.lower in lex.status["conditional_openers"]


def _negated(status: str, tokens: Sequence[Any], segments: list[int], at: int, lex: Lexicon) -> str:
    negation = set(lex.grammar["negation"])
    clause = [i for i in range(len(tokens)) if segments[i] == segments[at]]
    negated = any(
        tokens[i].lower in negation and not (i + 1 < len(tokens) and tokens[i + 1].lower in lex.grammar["negation_exceptions"])
        for i in clause
    )
    if not negated:
        return status
    return {"accepted": "rejected", "rejected": "unknown", "completed": "planned"}.get(status, status)


def _trigger_negated(sentence: Sentence, segments: list[int], segment: int, lex: Lexicon) -> bool:
    """A negation in the trigger's clause that is not "nicht nur" and does not belong to a status cue
    ("noch nicht abgeschlossen" is about the outcome, not the deal)."""
    tokens = sentence.tokens
    cue_words = {w for cue in lex.status["cues"].values() for w in cue["words"]}
    cue_words |= {v for cue in lex.status["cues"].values() for split in cue["split"] for v in split["verbs"]}
    for i, token in enumerate(tokens):
        if segments[i] != segment or token.lower not in lex.grammar["negation"]:
            continue
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if following not in lex.grammar["negation_exceptions"] and following not in cue_words:
            return True
    return False


def _follow_status(draft: Draft, sentences: Sequence[Sentence], trigger_sentences: set[int], cast: Cast, lex: Lexicon) -> None:
    """Update the status from cues after the trigger: in its sentence, then in the next few sentences
    until one with another trigger. A responder there fills a missing target ("Tulloch lehnte ab.")."""
    if draft.type == "valuation" or draft.status == "completed":
        return
    first = min(t.start for t in draft.triggers)
    for status, _ in [] if draft.asked else cues_in(draft.sentence, lex, after=first):
        if status != "unknown":
            draft.status = status
            return
    window = lex.status["window"]
    for sentence in sentences[draft.sentence.index + 1 : draft.sentence.index + 1 + window]:
        if sentence.index in trigger_sentences:
            return
        cues = [c for c in cues_in(sentence, lex) if c[0] in ("rejected", "accepted")]
        if not cues:
            continue
        status, at = cues[0]
        draft.status = status
        if draft.target is None:
            segments = clause_segments(sentence, lex)
            responders = [
                p for p in cast.in_sentence(sentence.index)
                if p.unmarked and segments[_token_at(sentence, p.start)] == segments[at] and not cast.same_party(p.name, draft.actor)
            ]
            if responders:
                draft.target = responders[0].name
        return


def _token_at(sentence: Sentence, offset: int) -> int:
    return next(i for i, t in enumerate(sentence.tokens) if t.end > offset)


# --- amounts, dates, neighbours ---------------------------------------------------------------


def _nearest(drafts: Sequence[Draft], entity: Entity) -> Draft:
    return min(drafts, key=lambda d: min(abs(t.start - entity.start) for t in d.triggers))


def _nearest_value(draft: Draft, entities: Sequence[Entity]) -> str | None:
    valued = [e for e in entities if e.value and e.value.get("value")]
    if not valued:
        return None
    closest = min(valued, key=lambda e: min(abs(t.start - e.start) for t in draft.triggers))
    return closest.value["value"]


def _neighbour_organisation(sentence: Sentence, sentences: Sequence[Sentence], cast: Cast) -> str | None:
    """For a headline sentence without any party ("Vergeben Sie Optionen ..."): the subject
    organisation of the next, else the previous, sentence of the headline paragraph."""
    for index in (sentence.index + 1, sentence.index - 1):
        if 0 <= index < len(sentences) and sentences[index].paragraph == sentence.paragraph:
            subjects = [p for p in cast.in_sentence(index) if p.label == "ORG" and p.unmarked]
            if subjects:
                return subjects[0].name
    return None


def _entities_by_sentence(sentences: Sequence[Sentence], entities: Sequence[Entity]) -> dict[int, list[Entity]]:
    grouped: dict[int, list[Entity]] = {}
    starts = [s.start for s in sentences]
    for entity in sorted(entities, key=lambda e: (e.start, e.end)):
        at = bisect_right(starts, entity.start) - 1
        if at >= 0 and entity.start < sentences[at].end:
            grouped.setdefault(at, []).append(entity)
    return grouped


def money_fields(amounts: Sequence[Entity]) -> dict[str, Any]:
    """amount / amount_min / amount_max / currency of one event from its money mentions.

    One mention keeps its values; several mentions of one deal ("rund einer Milliarde ... bis zu
    1,5 Milliarden") become a range from the lowest to the highest stated figure. Vague amounts
    ("Milliardenangebot") only count when nothing precise is stated."""
    values = [a.value or {} for a in amounts]
    precise = [v for v in values if v.get("magnitude") is None]
    chosen = precise or values
    currency = next((v.get("currency") for v in chosen if v.get("currency")), None)
    if len(chosen) == 1:
        v = chosen[0]
        return {"amount": v.get("amount"), "amount_min": v.get("min"), "amount_max": v.get("max"), "currency": currency}
    lows = [x for v in chosen for x in (v.get("min"), v.get("amount")) if x is not None]
    highs = [x for v in chosen for x in (v.get("max"), v.get("amount")) if x is not None]
    points = {v.get("amount") for v in chosen}
    return {
        "amount": points.pop() if len(points) == 1 else None,
        "amount_min": min(lows) if lows else None,
        "amount_max": max(highs) if highs else None,
        "currency": currency,
    }


# --- one event per deal -----------------------------------------------------------------------


def merge_deals(drafts: Sequence[Draft], cast: Cast) -> list[Draft]:
    """Merge the mentions of one deal across the article into its most informative mention."""
    lex = lexicon()
    merged: list[Draft] = []
    for draft in drafts:
        if draft.actor is None and draft.target is None:
            # no party of its own: it only adds to the deal told just before, if there is one
            recent = [
                m for m in merged
                if m.type != "valuation" and (draft.any_type or m.type == draft.type)
                and draft.sentence.index - max(m.sentence.index, m.last_told) <= REFER_BACK_SENTENCES
            ]
            if recent:
                _absorb(recent[-1], draft, lex)
            continue
        same = next((m for m in merged if _same_deal(m, draft, cast)), None)
        if same is None and draft.definite:
            earlier = [m for m in merged if m.type == draft.type]
            if earlier and all(_compatible(getattr(earlier[-1], r), getattr(draft, r), cast) for r in ROLES):
                same = earlier[-1]
        if same is None:
            if not draft.asked:
                merged.append(draft)
            continue
        base, other = (same, draft) if _richness(same) >= _richness(draft) else (draft, same)
        _absorb(base, other, lex)
        merged[merged.index(same)] = base
    return merged


def _absorb(base: Draft, other: Draft, lex: Lexicon) -> None:
    """Fill what ``base`` lacks from ``other``; keep the more decisive status."""
    base.actor = base.actor or other.actor
    base.target = base.target or other.target
    if _money_precision(other.money) > _money_precision(base.money):
        base.money = list(other.money)
    base.duration = base.duration or other.duration
    base.date = base.date or other.date
    base.status = max((base.status, other.status), key=lambda s: lex.status["rank"][s])
    base.last_told = max(base.last_told, other.last_told, base.sentence.index, other.sentence.index)


def _money_precision(amounts: Sequence[Entity]) -> int:
    """2 for a stated figure, 1 for a vague one ("Milliardenangebot"), 0 for none."""
    if not amounts:
        return 0
    return 2 if any((m.value or {}).get("magnitude") is None for m in amounts) else 1


def _same_deal(first: Draft, second: Draft, cast: Cast) -> bool:
    if first.type != second.type:
        return False
    if not all(_compatible(getattr(first, r), getattr(second, r), cast) for r in ROLES):
        return False
    if not any(cast.same_party(getattr(first, r), getattr(second, r)) for r in ROLES):
        return False
    return _amounts_fit(money_fields(first.money), money_fields(second.money)) if first.money and second.money else True


def _amounts_fit(first: dict[str, Any], second: dict[str, Any]) -> bool:
    def bounds(m: dict[str, Any]) -> tuple[float, float] | None:
        values = [v for v in (m["amount"], m["amount_min"], m["amount_max"]) if v is not None]
        return (min(values), max(values)) if values else None

    a, b = bounds(first), bounds(second)
    if a is None or b is None:
        return True
    if first["currency"] and second["currency"] and first["currency"] != second["currency"]:
        return False
    return a[0] <= b[1] * 1.05 and b[0] <= a[1] * 1.05


def _richness(draft: Draft) -> tuple[int, int]:
    filled = [draft.actor, draft.target, draft.duration, draft.date]
    precise = any((m.value or {}).get("magnitude") is None for m in draft.money)
    return (sum(x is not None for x in filled) + 2 * precise + bool(draft.money), -draft.sentence.start)


def _to_event(article_id: str, draft: Draft) -> Event:
    sentence = draft.sentence
    key = f"{article_id}|{sentence.start}|{draft.type}"
    return Event(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        article_id=article_id,
        type=draft.type,
        actor=draft.actor,
        target=draft.target,
        **(money_fields(draft.money) if draft.money else {"amount": None, "amount_min": None, "amount_max": None, "currency": None}),
        duration=draft.duration,
        status=draft.status,
        date=draft.date,
        evidence=Evidence(sentence.text, sentence.start, sentence.end),
    )


# --- stage ------------------------------------------------------------------------------------


def events_table(events: Sequence[Event]) -> pd.DataFrame:
    """Flat table of the events, in the order of events.jsonl."""
    rows = []
    for record in sorted((to_record(e) for e in events), key=sort_key):
        evidence = record.pop("evidence")
        record |= {f"evidence_{k}": v for k, v in evidence.items()}
        rows.append(record)
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline events", description="Build money events from the entities.")
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--entities", type=Path, required=True)
    parser.add_argument("--events", type=Path, required=True)
    parser.add_argument("--csv", type=Path, required=True)
    args = parser.parse_args(argv)
    count = run_events(args.articles, args.entities, args.events, args.csv)
    print(f"events: {count} events -> {args.events}, {args.csv}")
    return 0


def run_events(articles: Path, entities: Path, events_out: Path, csv_out: Path) -> int:
    """The batch stage: events of every article, written as JSON Lines and CSV; returns the count."""
    by_article: dict[str, list[Entity]] = {}
    for entity in read_items(entities, Entity):
        by_article.setdefault(entity.article_id, []).append(entity)
    events: list[Event] = []
    for article in read_items(articles, Article):
        events.extend(find_events(article, by_article.get(article.id, [])))
    write_jsonl(events_out, events)
    write_atomic(csv_out, events_table(events).to_csv(index=False, lineterminator="\n"))
    return len(events)

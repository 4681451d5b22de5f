"""Stage ``prepare``: convert the German NER corpora to spaCy ``DocBin`` files with one label set.

Labels: PER, ORG, LOC, MISC. NoSta-D/GermEval tags map PER/ORG/LOC to themselves and OTH to MISC.
Rule for ``*deriv`` and ``*part`` tags: they become O. A derived word ("deutsche") or a compound that
only contains a name ("EU-Kommission") is not itself a name of that type, and GermEval's PER/ORG/LOC
scoring counts them as separate labels, so predicting LOC on "deutsche" would be an error.
Spans a source cannot place on our tokens (character spans inside a token or across a line break,
law and citation spans in LER, multi-token court names) mark their tokens *missing*: the model gets no
signal there instead of a wrong O.

With ``--consistency`` the relabel rules of ``data/ner_consistency.json`` (each justified by how the
training part of GermEval 2014 dev labels the same forms) are applied to the annotated-de, SmartData and
LER documents; GermEval dev itself is never changed, so the held-out dev stays comparable between runs.

Outputs under ``--out``: ``train.spacy`` (the training mix) and ``dev.spacy`` (a held-out share of
GermEval 2014 dev, for model selection). GermEval 2014 test is never read here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

LABELS = ("PER", "ORG", "LOC", "MISC")
LER_FILES = ("bag", "bfh", "bgh", "bpatg", "bsg", "bverfg", "bverwg")
# A word annotated-de tags O this often, and this share of the time, is a common noun, not a name.
COMMON_MIN_COUNT = 5
COMMON_MIN_SHARE = 0.9


@dataclass(frozen=True)
class TaggedSentence:
    """Tokens with their source's BIO tags, whether a token is followed by a space, and tokens of unknown label."""

    words: list[str]
    tags: list[str]
    spaces: list[bool] | None = None
    missing: frozenset[int] = field(default_factory=frozenset)


def load_label_maps() -> dict:
    return json.loads((Path(__file__).parent / "data" / "ner_label_maps.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ConsistencyRule:
    """Entities of a ``source_labels`` label whose words match ``pattern`` (and whose following words match
    ``followed_by``) get the label ``target``, or become O when ``target`` is None."""

    name: str
    pattern: re.Pattern[str]
    source_labels: frozenset[str]
    target: str | None
    followed_by: re.Pattern[str] | None
    reason: str

    def matches(self, words: list[str], start: int, end: int) -> bool:
        """Whether ``words[start:end]``, joined by single spaces, is one of the rule's forms in its context."""
        if not self.pattern.fullmatch(" ".join(words[start:end])):
            return False
        return self.followed_by is None or self.followed_by.match(" ".join(words[end:])) is not None


def load_consistency_config() -> dict:
    return json.loads((Path(__file__).parent / "data" / "ner_consistency.json").read_text(encoding="utf-8"))


def consistency_rules(config: dict) -> list[ConsistencyRule]:
    """Rules of ``config["rules"]``; a rule gives either a regular expression or a list of exact forms."""
    rules = []
    for entry in config["rules"]:
        pattern = entry.get("pattern") or "|".join(re.escape(form) for form in entry["forms"])
        rules.append(
            ConsistencyRule(
                name=entry["name"],
                pattern=re.compile(pattern),
                source_labels=frozenset(entry["from"]),
                target=entry["to"],
                followed_by=re.compile(entry["followed_by"]) if "followed_by" in entry else None,
                reason=entry["reason"],
            )
        )
    return rules


def apply_consistency(doc: Doc, *, rules: list[ConsistencyRule]) -> list[str]:
    """Relabel ``doc``'s entities by the first rule matching each; returns the rule name of every changed span.

    Tokens of unknown label stay unknown; a span relabelled to O becomes O (the convention says it is no name).
    """
    words = [token.text for token in doc]
    changed: list[str] = []
    entities: list[Span] = []
    for entity in doc.ents:
        rule = next(
            (rule for rule in rules if entity.label_ in rule.source_labels and rule.matches(words, entity.start, entity.end)),
            None,
        )
        if rule is None:
            entities.append(entity)
            continue
        changed.append(rule.name)
        if rule.target is not None:
            entities.append(Span(doc, entity.start, entity.end, label=rule.target))
    if changed:
        missing = [doc[index : index + 1] for index, token in enumerate(doc) if token.ent_iob_ == ""]
        doc.set_ents(entities, missing=missing, default="outside")
    return changed


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) spans from BIO/IOB tags; an I- tag that does not continue its type starts a span."""
    spans: list[tuple[int, int, str]] = []
    start, current = 0, None
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == current
        if current is not None and not continues:
            spans.append((start, index, current))
            current = None
        if prefix in ("B", "I") and not continues:
            start, current = index, kind
    return spans


def nosta_label(kind: str, *, nosta_map: dict[str, str]) -> str | None:
    """Model label for a NoSta-D type; ``*deriv`` and ``*part`` types give None (O)."""
    return nosta_map.get(kind)


def doc_from_sentence(
    vocab: Vocab, sentence: TaggedSentence, *, labels: dict[str, str | None], missing_types: frozenset[str] = frozenset()
) -> Doc:
    """A Doc with entities from ``sentence.tags``; types in ``missing_types`` and ``sentence.missing`` tokens are unknown."""
    spaces = sentence.spaces if sentence.spaces is not None else [True] * (len(sentence.words) - 1) + [False]
    doc = Doc(vocab, words=sentence.words, spaces=spaces)
    entities, unknown = [], set(sentence.missing)
    for start, end, kind in bio_spans(sentence.tags):
        if kind in missing_types:
            unknown.update(range(start, end))
        elif (label := labels.get(kind)) is not None:
            entities.append(Span(doc, start, end, label=label))
    entities = [span for span in entities if not unknown.intersection(range(span.start, span.end))]
    doc.set_ents(entities, missing=[doc[index : index + 1] for index in sorted(unknown)], default="outside")
    return doc


def read_conll_blocks(lines: Iterable[str], *, word_column: int, tag_column: int) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of a column file (blank line between sentences, '#' comment lines skipped)."""
    words: list[str] = []
    tags: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if words:
                yield words, tags
            words, tags = [], []
            continue
        if line.startswith("#\t") or line == "#":
            continue
        columns = line.split("\t") if "\t" in line else line.split(" ")
        words.append(columns[word_column])
        tags.append(columns[tag_column])
    if words:
        yield words, tags


def read_germeval(path: Path) -> list[TaggedSentence]:
    """GermEval 2014 TSV (index, token, outer tag, nested tag) with its outer tags."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [TaggedSentence(words, tags) for words, tags in read_conll_blocks(lines, word_column=1, tag_column=2)]


def spaces_from_offsets(offsets: list[list[int]]) -> list[bool]:
    return [end < next_start for (_, end), (next_start, _) in zip(offsets, offsets[1:])] + [False]


def read_annotated(path: Path, *, rounds: frozenset[int]) -> list[TaggedSentence]:
    """annotated-de sentences of the given annotation rounds, in file order."""
    sentences = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["round"] not in rounds:
                continue
            offsets = record.get("offsets")
            spaces = spaces_from_offsets(offsets) if offsets else None
            sentences.append(TaggedSentence(record["tokens"], record["tags"], spaces))
    return sentences


def read_ler(files: Iterable[Path], *, max_tokens: int) -> list[TaggedSentence]:
    """LER court files (gzip), exact duplicate sentences removed (first kept), sentences over ``max_tokens`` left out."""
    seen: set[tuple[str, ...]] = set()
    sentences = []
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for words, tags in read_conll_blocks(lines, word_column=0, tag_column=1):
                key = tuple(words)
                if key in seen or len(words) > max_tokens:
                    continue
                seen.add(key)
                sentences.append(TaggedSentence(words, tags))
    return sentences


def ler_docs(vocab: Vocab, sentences: list[TaggedSentence], *, ler_map: dict) -> list[Doc]:
    """LER sentences as Docs, keeping only those with at least one PER/ORG/LOC/MISC entity.

    Law, regulation, citation and literature spans (three quarters of LER's spans) are marked missing:
    named laws are OTH under NoSta-D while most citations are O, so neither label is safe. Court names
    of more than one token ("Landgericht Köln") are missing too: NoSta-D tags only the place in them.
    """
    single_token_only = set(ler_map["single_token_only"])
    missing_types = frozenset(ler_map["missing"])
    docs = []
    for sentence in sentences:
        unknown = {
            index
            for start, end, kind in bio_spans(sentence.tags)
            if kind in single_token_only and end - start > 1
            for index in range(start, end)
        }
        marked = TaggedSentence(sentence.words, sentence.tags, sentence.spaces, frozenset(unknown))
        doc = doc_from_sentence(vocab, marked, labels=ler_map["labels"], missing_types=missing_types)
        if doc.ents:
            docs.append(doc)
    return docs


def read_json_stream(path: Path) -> Iterator[dict]:
    """Objects of a file of concatenated (not line-delimited) JSON documents."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        document, position = decoder.raw_decode(text, position)
        yield document


def common_words(path: Path, *, min_count: int, min_share: float) -> frozenset[str]:
    """Tokens annotated-de tags O at least ``min_count`` times and in at least ``min_share`` of their uses."""
    outside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for token, tag in zip(record["tokens"], record["tags"]):
                total[token] += 1
                outside[token] += tag == "O"
    return frozenset(token for token, count in outside.items() if count >= min_count and count >= min_share * total[token])


def is_name_mention(text: str, *, common: frozenset[str]) -> bool:
    """False for SmartData mentions that are no names under NoSta-D: a lower-case word ("italienische",
    a derived adjective) or a single common noun ("Gruppe", "Konzern") standing for an organisation."""
    if not (text[:1].isupper() or text[:1].isdigit()):
        return False
    return " " in text or text not in common


def smartdata_doc(nlp: spacy.language.Language, document: dict, *, smartdata_map: dict, common: frozenset[str]) -> Doc:
    """A SmartData document tokenised by spaCy, with its character-offset mentions placed on tokens.

    A mention that starts or ends inside a token, or crosses a line break, marks the tokens it touches
    missing. Of overlapping mentions the longest wins; the shorter ones are nested names (outer level only).
    Mentions that are no names (see ``is_name_mention``) stay O.
    """
    text = document["text"]["string"]
    doc = nlp.make_doc(text)
    labels, missing_types = smartdata_map["labels"], set(smartdata_map["missing"])
    mentions = sorted(
        (
            (mention["span"]["start"], mention["span"]["end"], mention["type"])
            for mention in document["conceptMentions"]["array"]
            if mention["type"] in labels or mention["type"] in missing_types
        ),
        key=lambda mention: (mention[0] - mention[1], mention[0]),
    )
    taken: set[int] = set()
    entities: list[Span] = []
    unknown: set[int] = set()
    for start, end, kind in mentions:
        covering = doc.char_span(start, end, alignment_mode="expand")
        if covering is None:
            continue
        token_range = set(range(covering.start, covering.end))
        if token_range & taken:
            continue
        taken |= token_range
        exact = doc.char_span(start, end, alignment_mode="strict")
        if kind in missing_types or exact is None or "\n" in text[start:end]:
            unknown |= token_range
        elif is_name_mention(exact.text, common=common):
            entities.append(Span(doc, exact.start, exact.end, label=labels[kind]))
    doc.set_ents(entities, missing=[doc[index : index + 1] for index in sorted(unknown)], default="outside")
    return doc


def smartdata_docs(folder: Path, *, smartdata_map: dict, common: frozenset[str]) -> list[Doc]:
    nlp = spacy.blank("de")
    return [
        smartdata_doc(nlp, document, smartdata_map=smartdata_map, common=common)
        for split in ("train", "test")
        for document in read_json_stream(folder / f"{split}.json.gz")
    ]


def split_germeval_dev(sentences: list[TaggedSentence], *, every: int) -> tuple[list[TaggedSentence], list[TaggedSentence]]:
    """(training part, held-out part): every ``every``-th sentence from the first is held out."""
    held_out = [sentence for index, sentence in enumerate(sentences) if index % every == 0]
    training = [sentence for index, sentence in enumerate(sentences) if index % every != 0]
    return training, held_out


def build_mix(
    data: Path,
    *,
    annotated_rounds: frozenset[int],
    smartdata_labels: bool,
    ler: bool,
    germeval_dev_repeat: int,
    dev_every: int,
    ler_max_tokens: int,
    consistency: bool = False,
) -> tuple[list[Doc], list[Doc], dict[str, int]]:
    """(training docs, held-out dev docs, counts): documents per source, and with ``consistency`` the spans
    each rule changed per source under ``consistency:<rule>:<source>``."""
    maps = load_label_maps()
    vocab = spacy.blank("de").vocab
    nosta = {kind: nosta_label(kind, nosta_map=maps["nosta_d"]) for kind in maps["nosta_d"]}
    counts: dict[str, int] = {}
    train: list[Doc] = []
    rules = consistency_rules(load_consistency_config()) if consistency else []

    def add(source: str, docs: list[Doc]) -> None:
        changed = Counter(name for doc in docs for name in apply_consistency(doc, rules=rules))
        counts[source] = len(docs)
        counts.update({f"consistency:{rule.name}:{source}": changed[rule.name] for rule in rules})
        train.extend(docs)

    annotated_path = data / "annotated-de" / "annotated.jsonl.gz"
    annotated = read_annotated(annotated_path, rounds=annotated_rounds)
    add("annotated-de", [doc_from_sentence(vocab, sentence, labels=nosta) for sentence in annotated])
    if smartdata_labels:
        common = common_words(annotated_path, min_count=COMMON_MIN_COUNT, min_share=COMMON_MIN_SHARE)
        add("smartdata", smartdata_docs(data / "smartdata" / "v1_20180119", smartdata_map=maps["smartdata"], common=common))
    if ler:
        ler_files = [data / "ler" / f"{name}.conll.gz" for name in LER_FILES]
        add("ler", ler_docs(vocab, read_ler(ler_files, max_tokens=ler_max_tokens), ler_map=maps["ler"]))
    dev_train, dev_held = split_germeval_dev(read_germeval(data / "germeval2014" / "NER-de-dev.tsv.gz"), every=dev_every)
    dev_train_docs = [doc_from_sentence(vocab, sentence, labels=nosta) for sentence in dev_train]
    train += dev_train_docs * germeval_dev_repeat
    counts["germeval-dev-train"] = len(dev_train_docs) * germeval_dev_repeat
    dev = [doc_from_sentence(vocab, sentence, labels=nosta) for sentence in dev_held]
    counts["germeval-dev-held-out"] = len(dev)
    return train, dev, counts


def write_docbin(docs: list[Doc], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], docs=docs).to_disk(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline prepare", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding annotated-de/, smartdata/, ler/, germeval2014/")
    parser.add_argument("--out", type=Path, required=True, help="folder for train.spacy and dev.spacy")
    parser.add_argument("--annotated-rounds", default="1,2", help="annotated-de rounds to use, comma-separated")
    parser.add_argument("--smartdata-labels", action=argparse.BooleanOptionalAction, default=True,
                        help="add SmartData v1 with its own labels (use without annotated-de round 3)")
    parser.add_argument("--ler", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--germeval-dev-repeat", type=int, default=3)
    parser.add_argument("--dev-every", type=int, default=3, help="hold out every n-th GermEval dev sentence")
    parser.add_argument("--ler-max-tokens", type=int, default=150)
    parser.add_argument("--consistency", action=argparse.BooleanOptionalAction, default=False,
                        help="relabel annotated-de, SmartData and LER spans by data/ner_consistency.json")
    args = parser.parse_args(argv)

    train, dev, counts = build_mix(
        args.data,
        annotated_rounds=frozenset(int(value) for value in args.annotated_rounds.split(",")),
        smartdata_labels=args.smartdata_labels,
        ler=args.ler,
        germeval_dev_repeat=args.germeval_dev_repeat,
        dev_every=args.dev_every,
        ler_max_tokens=args.ler_max_tokens,
        consistency=args.consistency,
    )
    write_docbin(train, args.out / "train.spacy")
    write_docbin(dev, args.out / "dev.spacy")
    (args.out / "counts.json").write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(counts))
    return 0

"""Event precision and recall on the development set: two sources, read from the shared data at run time.

1. **html** — the 40 news pages of ``data/html/pages``. Their text is extracted with
   ``trafilatura.extract`` (default options, raw bytes), entities come from the project's own extract
   stage (NER, money, dates), events from ``find_events``. The expected deals are hand annotations in
   ``tests/fixtures/events_dev.jsonl``: page, character offsets of the sentences that state the deal,
   and the expected values (no article text). Every event found on any of the 40 pages counts.
2. **smartdata** — the Acquisition and Merger relations of the DFKI SmartData corpus (v1, train and
   test). Entities are the corpus' gold concept mentions (companies and organisations as ORG, persons
   as PER), so this measures the event rules alone. Acquisition maps to ``acquisition`` (buyer = actor,
   acquired = target), Merger to ``other``; only events of those two types count. The relations of one
   document with the same type and parties are one deal (the system writes one event per deal); a
   merger's parties are compared as a whole, not as actor and target. The corpus does not annotate
   every deal it mentions, so some extra events are real deals: precision here is a lower bound.

An event *matches* an expected deal when the type is equal and the event's evidence sentence holds one
of the deal's offsets (html) or overlaps the relation's span (smartdata); each side matches at most
once. Precision = matched events / events, recall = matched deals / deals. For matched pairs the
roles are compared (case-insensitive, one name containing the other; both empty counts as equal),
and, for html, status and amount.

Run from the repository root: ``python -m benchmarks.events_dev [--source html|smartdata|both] [--show]``.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import trafilatura

from pipeline.events import find_events
from pipeline.model import Article, Entity, Event
from pipeline.prepare import read_json_stream

REPO = Path(__file__).resolve().parent.parent
# the `data` link made by `make data`, else the shared folder beside the repository
DATA = next((p for p in (REPO / "data", REPO.parent / "shared" / "data") if p.is_dir()), REPO / "data")
FIXTURE = REPO / "tests" / "fixtures" / "events_dev.jsonl"
SMARTDATA_LABELS = {"organization-company": "ORG", "organization": "ORG", "person": "PER"}
SMARTDATA_TYPES = {"Acquisition": "acquisition", "Merger": "other"}


@dataclass
class Expected:
    doc: str
    type: str
    spans: list[tuple[int, int]]
    actor: str | None
    target: str | None
    status: str | None = None
    amount: float | None = None
    checks_status: bool = False


@dataclass
class Tally:
    events: int = 0
    expected: int = 0
    matched: int = 0
    roles: dict[str, list[int]] = field(default_factory=lambda: {"actor": [0, 0], "target": [0, 0], "status": [0, 0], "amount": [0, 0]})
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    articles: int = 0
    event_seconds: float = 0.0  # time spent in find_events alone

    def line(self, name: str) -> str:
        p = self.matched / self.events if self.events else 0.0
        r = self.matched / self.expected if self.expected else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        parts = [f"{name}: {self.events} events, {self.expected} expected, {self.matched} matched",
                 f"precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}"]
        roles = ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in self.roles.items() if n)
        speed = f"find_events: {self.articles} articles in {self.event_seconds:.2f} s"
        return "\n  ".join(parts + ([f"on matched: {roles}"] if roles else []) + [speed])


def same_name(found: str | None, expected: str | None) -> bool:
    if found is None or expected is None:
        return found is None and expected is None
    a, b = found.casefold(), expected.casefold()
    return a in b or b in a


def score(events: list[tuple[str, Event]], expected: list[Expected], tally: Tally, *, show: bool) -> None:
    tally.events += len(events)
    tally.expected += len(expected)
    free = list(range(len(events)))
    for want in expected:
        hit = next(
            (i for i in free
             if events[i][0] == want.doc and events[i][1].type == want.type
             and any(s < events[i][1].evidence.end and events[i][1].evidence.start < e for s, e in want.spans)),
            None,
        )
        if hit is None:
            tally.misses.append(f"{want.doc} @{want.spans[0][0]} {want.type} {want.actor} -> {want.target}")
            continue
        free.remove(hit)
        tally.matched += 1
        event = events[hit][1]
        for role in ("actor", "target"):
            if want.type == "other":  # a merger: every party found must be one of the merging companies
                found = getattr(event, role)
                tally.roles[role][0] += found is not None and found.casefold() in (want.actor or "").casefold()
            else:
                tally.roles[role][0] += same_name(getattr(event, role), getattr(want, role))
            tally.roles[role][1] += 1
        if want.checks_status:
            tally.roles["status"][0] += event.status == want.status
            tally.roles["status"][1] += 1
            found = event.amount if event.amount is not None else event.amount_min
            tally.roles["amount"][0] += found == want.amount or bool(found and want.amount and abs(found - want.amount) < 1e-6 * want.amount)
            tally.roles["amount"][1] += 1
        if show:
            print(f"  match {want.doc} {event.type}: {event.actor} -> {event.target} [{event.status}]"
                  f" (expected {want.actor} -> {want.target} [{want.status}])")
    for i in free:
        doc, event = events[i]
        tally.extras.append(f"{doc} @{event.evidence.start} {event.type} {event.actor} -> {event.target}: {event.evidence.text[:160]}")


# --- html pages -------------------------------------------------------------------------------


def html_source(show: bool) -> Tally:
    from pipeline.detect import LanguageSettings, detect_language
    from pipeline.params import stage_params
    from pipeline.recognize import ExtractSettings, Extractor

    params = REPO / "params.yaml"
    extractor = Extractor(settings=ExtractSettings(**stage_params(params, "extract")))
    language = LanguageSettings(**stage_params(params, "detect"))
    expected = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expected.append(Expected(row["page"], row["type"], [(o, o + 1) for o in row["offsets"]], row["actor"],
                                 row["target"], row["status"], row["amount"], checks_status=True))
    events: list[tuple[str, Event]] = []
    seconds = 0.0
    for page in sorted((DATA / "html" / "pages").glob("*.html")):
        text = trafilatura.extract(page.read_bytes()) or ""
        article = Article(id=page.name, source=page.name, text=text, format="html")
        [(_, entities)] = list(extractor.entities([(article, detect_language(article, settings=language))]))
        started = time.perf_counter()
        events.extend((page.name, e) for e in find_events(article, entities))
        seconds += time.perf_counter() - started
    tally = Tally(articles=len(list((DATA / "html" / "pages").glob("*.html"))), event_seconds=seconds)
    score(events, expected, tally, show=show)
    return tally


# --- SmartData --------------------------------------------------------------------------------


def smartdata_documents(split: str) -> Iterator[dict[str, Any]]:
    return read_json_stream(DATA / "ner" / "smartdata" / "v1_20180119" / f"{split}.json.gz")


def smartdata_source(split: str, show: bool) -> Tally:
    tally = Tally()
    for document in smartdata_documents(split):
        text = document["text"]["string"]
        doc_id = document["id"]
        entities = [
            Entity(doc_id, m["span"]["start"], m["span"]["end"], text[m["span"]["start"] : m["span"]["end"]],
                   SMARTDATA_LABELS[m["type"]])
            for m in (document.get("conceptMentions") or {}).get("array", [])
            if m["type"] in SMARTDATA_LABELS
        ]
        expected: list[Expected] = []
        for relation in (document.get("relationMentions") or {}).get("array", []):
            if relation["name"] not in SMARTDATA_TYPES:
                continue
            args: dict[str, list[str]] = {}
            for arg in relation["args"]["array"]:
                span = arg["conceptMention"]["span"]
                args.setdefault(arg["role"], []).append(text[span["start"] : span["end"]])
            kind = SMARTDATA_TYPES[relation["name"]]
            if kind == "acquisition":
                actor, target = args.get("buyer", [None])[0], args.get("acquired", [None])[0]
            else:
                actor, target = "/".join(sorted(args.get("old", []))) or None, None
            span = (relation["span"]["start"], relation["span"]["end"])
            same = next((e for e in expected if e.type == kind and same_name(e.actor, actor) and same_name(e.target, target)), None)
            if same is not None:
                same.spans.append(span)  # another mention of the same deal
            else:
                expected.append(Expected(doc_id, kind, [span], actor, target))
        article = Article(id=doc_id, source=doc_id, text=text, format="json")
        started = time.perf_counter()
        found = find_events(article, entities)
        tally.event_seconds += time.perf_counter() - started
        tally.articles += 1
        events = [(doc_id, e) for e in found if e.type in SMARTDATA_TYPES.values()]
        score(events, expected, tally, show=show)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("html", "smartdata", "both"), default="both")
    parser.add_argument("--show", action="store_true", help="list matches, misses and extra events")
    args = parser.parse_args(argv)
    results: list[tuple[str, Tally, float]] = []
    if args.source in ("html", "both"):
        started = time.perf_counter()
        results.append(("html (40 pages)", html_source(args.show), time.perf_counter() - started))
    if args.source in ("smartdata", "both"):
        for split in ("train", "test"):
            started = time.perf_counter()
            results.append((f"smartdata {split}", smartdata_source(split, args.show), time.perf_counter() - started))
    for name, tally, seconds in results:
        print(tally.line(name) + f"\n  ({seconds:.1f} s)")
        if args.show:
            for miss in tally.misses:
                print(f"  MISS  {miss}")
            for extra in tally.extras:
                print(f"  EXTRA {extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

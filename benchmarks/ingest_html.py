"""Ingest quality on 40 real German news pages: our ingest against plain ``trafilatura.extract``.

A page passes when the extracted article text holds every ``with`` snippet of ``expectations.json`` and no
``without`` snippet. Also counts pages that got a title and a publication date. Run from the repository
root: ``python -m benchmarks.ingest_html [--pages DIR --expectations FILE]``.
"""

from __future__ import annotations

import argparse
import json
import time
import unicodedata
from pathlib import Path

import trafilatura

from pipeline.ingest import iter_corpus
from pipeline.model import Article

REPO = Path(__file__).resolve().parent.parent
# the `data` link made by `make data`, else the shared folder beside the repository
SHARED_HTML = next((p for p in (REPO / "data" / "html", REPO.parent / "shared" / "data" / "html") if p.is_dir()), REPO / "data" / "html")


def passes(text: str | None, expectation: dict) -> bool:
    text = unicodedata.normalize("NFC", text or "")
    return all(unicodedata.normalize("NFC", s) in text for s in expectation["with"]) and not any(
        unicodedata.normalize("NFC", s) in text for s in expectation["without"]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=SHARED_HTML / "pages")
    parser.add_argument("--expectations", type=Path, default=SHARED_HTML / "expectations.json")
    args = parser.parse_args()
    expectations = json.loads(args.expectations.read_text(encoding="utf-8"))
    names = sorted(expectations)

    started = time.perf_counter()
    ours = {item.source: item for item in iter_corpus(args.pages, cache=None)}
    ours_seconds = time.perf_counter() - started

    started = time.perf_counter()
    plain_text = {name: trafilatura.extract((args.pages / name).read_bytes()) for name in names}
    plain_seconds = time.perf_counter() - started
    plain_meta = {name: trafilatura.bare_extraction((args.pages / name).read_bytes(), with_metadata=True) for name in names}

    rows = []
    for name in names:
        article = ours.get(name)
        ours_ok = isinstance(article, Article) and passes(article.text, expectations[name])
        plain_ok = passes(plain_text[name], expectations[name])
        rows.append((name, ours_ok, plain_ok, article))

    def count(predicate) -> int:
        return sum(1 for row in rows if predicate(row))

    total = len(rows)
    articles = [row[3] for row in rows if isinstance(row[3], Article)]
    print(f"{'':34}{'ours':>10}{'plain trafilatura':>20}")
    print(f"{'pages passing (all with, no without)':34}{count(lambda r: r[1]):>7}/{total}{count(lambda r: r[2]):>17}/{total}")
    print(f"{'pages with a title':34}{sum(1 for a in articles if a.title):>7}/{total}"
          f"{sum(1 for d in plain_meta.values() if d is not None and d.title):>17}/{total}")
    print(f"{'pages with a publication date':34}{sum(1 for a in articles if a.published):>7}/{total}"
          f"{sum(1 for d in plain_meta.values() if d is not None and d.date):>17}/{total}")
    print(f"{'seconds for the text extraction':34}{ours_seconds:>10.1f}{plain_seconds:>20.1f}")
    print("\nfailing pages (ours / plain):")
    for name, ours_ok, plain_ok, article in rows:
        if not (ours_ok and plain_ok):
            reason = "" if isinstance(article, Article) else f"  reject: {article.reason if article else 'missing'}"
            print(f"  {name:58} {'pass' if ours_ok else 'FAIL':>4} / {'pass' if plain_ok else 'FAIL'}{reason}")
    print("\npages where only plain trafilatura reports a date (none in the page's metadata):")
    for name, _, _, article in rows:
        plain_date = plain_meta[name].date if plain_meta[name] is not None else None
        if plain_date and not (isinstance(article, Article) and article.published):
            print(f"  {name:58} {plain_date}")


if __name__ == "__main__":
    main()

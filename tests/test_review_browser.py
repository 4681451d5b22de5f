"""The review page of the seed corpus in headless Chromium: screenshots, highlights, links, layout, filter.

Debian's chromium is installed by the set-up when missing (as root, with apt-get); elsewhere the tests
are skipped with the reason. Screenshots are kept under tests/artifacts/.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.model import read_jsonl
from pipeline.review import write_review
from pipeline.run import run_all
from review_dom import ReviewDom, event_cells, evidence_href, mark_tuple

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LAPTOP = "1280,900"
PHONE = "390,844"

# Appended to a copy of the page: measures the layout and drives the filter, then leaves the results
# in the DOM for --dump-dom to carry out.
MEASURE = """<script>
(function () {
  function box(element) {
    var r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }
  function visible(selector, attribute) {
    return Array.from(document.querySelectorAll(selector))
      .filter(function (e) { return !e.hidden; })
      .map(function (e) { return e.getAttribute(attribute); });
  }
  var article = document.querySelector('article.doc');
  var result = {
    viewport: window.innerWidth,
    page_width: document.documentElement.scrollWidth,
    page_height: document.documentElement.scrollHeight,
    text: box(article.querySelector('.text')),
    side: box(article.querySelector('.side')),
    shown_unfiltered: document.getElementById('shown').textContent
  };
  var type = document.querySelector('#filters select[name=type]');
  type.value = 'offer';
  type.dispatchEvent(new Event('change'));
  result.shown_offers = document.getElementById('shown').textContent;
  result.visible_event_types = visible('tbody.event', 'data-type');
  result.visible_articles = visible('article.doc', 'data-article-id');
  var pre = document.createElement('pre');
  pre.id = 'measurements';
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
})();
</script>
"""


def chromium_binary() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("Debian's chromium is not installed and cannot be installed here (needs root and apt-get)")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    for command in (install, ["apt-get", "update"], install):
        done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=900)
        if shutil.which("chromium"):
            return shutil.which("chromium")
    pytest.skip(f"chromium could not be installed with apt-get: {done.stderr.strip()[-300:]}")


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    binary = chromium_binary()

    def run(*args: str) -> str:
        profile = tmp_path_factory.mktemp("chromium-profile")
        command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    return run


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed corpus run through every stage, with its review page."""
    outputs = tmp_path_factory.mktemp("seed-outputs")
    run_all(ROOT / "corpus", outputs, params=ROOT / "params.yaml")
    write_review(outputs, outputs / "review.html")
    measured = outputs / "review-measured.html"
    page = (outputs / "review.html").read_text(encoding="utf-8")
    measured.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    return outputs


def rows(outputs: Path, stem: str) -> list[dict]:
    return list(read_jsonl(outputs / f"{stem}.jsonl"))


def dump(chromium, page: Path, window: str) -> ReviewDom:
    return ReviewDom(chromium(f"--window-size={window}", "--dump-dom", page.as_uri()))


def screenshot(chromium, url: str, name: str, window: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.unlink(missing_ok=True)
    chromium(f"--window-size={window}", f"--screenshot={path}", "--hide-scrollbars", url)
    assert path.stat().st_size > 10_000
    return path


def test_screenshots_on_a_laptop_and_a_phone(chromium, seed):
    page = (seed / "review.html").as_uri()
    screenshot(chromium, page, "review-laptop.png", LAPTOP)
    screenshot(chromium, page, "review-phone.png", PHONE)


def test_every_seed_entity_is_highlighted_with_its_label(chromium, seed):
    dom = dump(chromium, seed / "review-measured.html", LAPTOP)
    articles = {a["id"]: a["text"] for a in rows(seed, "articles")}
    entities = rows(seed, "entities")
    assert sorted(dom.articles) == sorted(articles) == ["000_88c4cff9ad4f1665", "004_db171f4863068d5a"]
    assert len(entities) > 0
    for article_id, text in articles.items():
        article = dom.articles[article_id]
        assert article.text.text == text
        marks = [mark_tuple(m) for m in article.marks]
        for start, end, labels, shown in marks:
            assert shown == text[start:end]
        for entity in (e for e in entities if e["article_id"] == article_id):
            covering = [m for m in marks if m[0] <= entity["start"] and entity["end"] <= m[1]]
            assert len(covering) == 1, entity
            assert entity["label"] in covering[0][2].split(), entity
    assert sum(len(dom.articles[a].marks) for a in articles) <= len(entities)


def test_tulloch_event_row_links_to_its_evidence_sentence(chromium, seed):
    dom = dump(chromium, seed / "review-measured.html", LAPTOP)
    [tulloch] = [e for e in rows(seed, "events") if e["target"] == "Andrew Tulloch"]
    article = dom.articles[tulloch["article_id"]]
    [row] = [r for r in article.events if event_cells(r)[2] == f"{tulloch['actor']} → Andrew Tulloch"]
    assert event_cells(row)[:3] == ["offer", "rejected", f"{tulloch['actor']} → Andrew Tulloch"]
    href = evidence_href(row)
    target = dom.by_id[href.removeprefix("#")]
    evidence = tulloch["evidence"]
    assert (int(target.attrs["data-start"]), int(target.attrs["data-end"])) == (evidence["start"], evidence["end"])
    assert target.text == evidence["text"]
    assert target in [n for n in dom.tags["div"] if "evidence" in n.classes]
    # headless screenshots only paint the unscrolled window: a window as tall as the page shows the
    # whole page with the evidence sentence highlighted as the link's target
    height = json.loads(dom.by_id["measurements"].text)["page_height"]
    screenshot(chromium, (seed / "review.html").as_uri() + href, "review-tulloch-evidence.png", f"1280,{height}")


def test_filter_by_type_runs_in_the_browser(chromium, seed):
    dom = dump(chromium, seed / "review-measured.html", LAPTOP)
    measured = json.loads(dom.by_id["measurements"].text)
    events = rows(seed, "events")
    offers = [e for e in events if e["type"] == "offer"]
    assert measured["shown_unfiltered"] == f"{len(events)} of {len(events)} events shown"
    assert measured["shown_offers"] == f"{len(offers)} of {len(events)} events shown"
    assert measured["visible_event_types"] == ["offer"] * len(offers)
    assert measured["visible_articles"] == sorted({e["article_id"] for e in offers})


def test_events_sit_beside_the_text_on_a_laptop_and_below_it_on_a_phone(chromium, seed):
    laptop = json.loads(dump(chromium, seed / "review-measured.html", LAPTOP).by_id["measurements"].text)
    assert laptop["side"]["left"] >= laptop["text"]["right"]
    assert laptop["side"]["top"] == laptop["text"]["top"]
    phone = json.loads(dump(chromium, seed / "review-measured.html", PHONE).by_id["measurements"].text)
    # headless Chromium's windows are at least 500 px wide: still under the page's 600 px phone layout
    assert phone["viewport"] <= 500
    assert phone["side"]["top"] >= phone["text"]["bottom"]
    assert phone["page_width"] <= phone["viewport"]

import re

import pytest

from pipeline.diff import folder_snapshot
from pipeline.report import corpus_metrics, run_report
from pipeline.review import main, write_review
from review_dom import ReviewDom, descendants, event_cells, evidence_href, mark_tuple
from sample_outputs import OFFER_TEXT, entity, sample_rows, write_outputs


def outputs_with_metrics(folder, rows=None):
    write_outputs(folder, rows)
    run_report(folder, folder / "metrics.json")
    return folder


def page_of(outputs, old=None):
    return ReviewDom(write_review(outputs, outputs / "review.html", old=old))


@pytest.fixture
def page(tmp_path):
    return page_of(outputs_with_metrics(tmp_path / "outputs"))


def test_each_article_text_is_shown_whole_with_every_entity_highlighted(page):
    rows = sample_rows()
    texts = {a["id"]: a["text"] for a in rows["articles"]}
    assert list(page.articles) == ["a_offer", "b_deal"]
    for article_id, article in page.articles.items():
        assert article.text.text == texts[article_id]
        expected = [(e["start"], e["end"], e["label"], e["text"]) for e in rows["entities"] if e["article_id"] == article_id]
        assert [mark_tuple(m) for m in article.marks] == expected


def test_label_chips_come_from_displacy_template_with_label_colours(page):
    [money, *_] = [m for m in page.articles["b_deal"].marks if m.attrs["data-label"] == "MONEY"]
    assert money.attrs["style"] == "background: #ffeb80"
    assert [span.text for span in descendants(money, "span")] == ["MONEY"]
    assert money.attrs["title"] == 'MONEY value: {"amount": 1200000000.0, "approximate": false, "currency": "USD", "max": null, "min": null}'


def test_events_table_rows_link_to_their_evidence_sentence(page):
    [offer] = page.articles["a_offer"].events
    assert event_cells(offer) == [
        "offer",
        "rejected",
        "Nordwind → Seeblick",
        "2e6 EUR",
        "",
        "2025-03-03",
        "Die Reederei Nordwind hat Seeblick rund 2 Millionen Euro geboten.",
    ]
    assert {k: offer.attrs[k] for k in ("data-type", "data-status", "data-currency")} == {
        "data-type": "offer",
        "data-status": "rejected",
        "data-currency": "EUR",
    }
    href = evidence_href(offer)
    assert href == "#a1-ev0"
    target = page.by_id["a1-ev0"]
    assert (target.attrs["data-start"], target.attrs["data-end"], target.text) == (
        "0",
        "65",
        "Die Reederei Nordwind hat Seeblick rund 2 Millionen Euro geboten.",
    )


def test_evidence_starting_inside_an_entity_is_anchored_at_the_entity(tmp_path):
    rows = sample_rows()
    rows["events"][0]["evidence"].update(start=16, end=70, text=OFFER_TEXT[16:70])
    page = page_of(outputs_with_metrics(tmp_path, rows))
    article = page.articles["a_offer"]
    assert article.text.text == OFFER_TEXT
    assert evidence_href(article.events[0]) == "#a1-ev13"
    assert page.by_id["a1-ev13"].text == OFFER_TEXT[13:66]
    assert mark_tuple(article.marks[0]) == (13, 21, "ORG", "Nordwind")


def test_overlapping_entities_share_one_highlight_naming_both_labels(tmp_path):
    rows = sample_rows()
    rows["entities"].append(entity("a_offer", OFFER_TEXT, "Reederei Nordwind", "ORG"))
    page = page_of(outputs_with_metrics(tmp_path, rows))
    article = page.articles["a_offer"]
    assert article.text.text == OFFER_TEXT
    assert mark_tuple(article.marks[0]) == (4, 21, "ORG ORG", "Reederei Nordwind")


def test_summary_counts_rejects_and_filter_choices(page):
    captions = {t.children[0].text: [tr.text for tr in descendants(t, "tr")] for t in page.tags["table"] if "count" in t.classes}
    assert captions == {
        "Corpus": ["inputs3", "articles2", "rejects1", "mixed language0"],
        "Languages": ["de2"],
        "Entities per label": ["DATE2", "MONEY2", "ORG5"],
        "Events per type": ["acquisition1", "offer1"],
        "Events per status": ["completed1", "rejected1"],
    }
    assert [li.text for li in descendants(page.by_id["summary"], "li")][:1] == ["corpus/leer.txt: empty file"]
    selects = {s.attrs["name"]: [o.text for o in descendants(s, "option")] for s in page.tags["select"]}
    assert selects == {
        "type": ["all", "acquisition", "offer"],
        "status": ["all", "completed", "rejected"],
        "currency": ["all", "EUR", "USD"],
    }


def test_page_is_self_contained_and_deterministic(tmp_path):
    outputs = outputs_with_metrics(tmp_path)
    first = write_review(outputs, tmp_path / "one.html")
    second = write_review(outputs, tmp_path / "two.html")
    assert first == second
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()
    assert not re.search(r"<script[^>]+src|<link|@import|url\(|<img|<iframe|://", first)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in first


def test_diff_view_marks_added_green_removed_red_and_changed_with_old_values(tmp_path):
    old = outputs_with_metrics(tmp_path / "old")
    rows = sample_rows()
    rows["events"][0]["amount"] = 2.5e6
    del rows["entities"][3]
    rows["entities"].append(entity("b_deal", rows["articles"][1]["text"], "übernahm", "MISC"))
    rows["rejects"] = []
    page = page_of(outputs_with_metrics(tmp_path / "new", rows), old=str(old))
    offer = page.articles["a_offer"]
    assert offer.node.classes == ["doc", "changed"]
    assert offer.text.text == OFFER_TEXT
    removed = [m for m in offer.marks if "removed" in m.classes]
    assert [(mark_tuple(m), m.attrs["style"]) for m in removed] == [((66, 74, "−ORG", "Seeblick"), "background: #ffc1c0")]
    [event] = offer.events
    assert event.classes == ["event", "changed"]
    assert [li.text for li in descendants(event, "li")] == ["amount 2e6 → 2.5e6"]
    added = [m for m in page.articles["b_deal"].marks if "added" in m.classes]
    assert [(mark_tuple(m), m.attrs["style"]) for m in added] == [((18, 26, "+MISC", "übernahm"), "background: #abf2bc")]
    [reject] = [li for li in descendants(page.by_id["summary"], "li") if "removed" in li.classes]
    assert reject.text == "corpus/leer.txt: empty file"
    assert page.articles["b_deal"].node.attrs["data-changed"] == "1"
    assert "articles +0 -0 ~2; entities +1 -1 ~0; events +0 -0 ~1; rejects +0 -1 ~0" in page.tags["header"][0].text


def test_diff_view_shows_a_removed_article_and_its_events_as_removed(tmp_path):
    old = outputs_with_metrics(tmp_path / "old")
    rows = sample_rows()
    for stem in ("entities", "events", "languages"):
        rows[stem] = [r for r in rows[stem] if r["article_id"] != "b_deal"]
    rows["articles"] = rows["articles"][:1]
    page = page_of(outputs_with_metrics(tmp_path / "new", rows), old=str(old))
    gone = page.articles["b_deal"]
    assert gone.node.classes == ["doc", "removed"]
    assert [e.classes for e in gone.events] == [["event", "removed"]]
    assert {m.attrs["class"] for m in gone.marks} == {"entity removed"}
    assert page.articles["a_offer"].node.attrs["data-changed"] == "0"


def test_command_writes_the_page(tmp_path, capsys):
    outputs = outputs_with_metrics(tmp_path)
    out = tmp_path / "page" / "review.html"
    assert main(["--outputs", str(outputs), "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"review: {out}\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_command_reports_an_unreadable_old_side_in_one_line(tmp_path, capsys, monkeypatch):
    outputs = outputs_with_metrics(tmp_path / "outputs")
    monkeypatch.chdir(tmp_path)
    code = main(["--outputs", str(outputs), "--out", str(tmp_path / "r.html"), "--diff", str(tmp_path / "missing")])
    assert code == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_command_needs_the_report_metrics_first(tmp_path, capsys):
    outputs = write_outputs(tmp_path)
    assert main(["--outputs", str(outputs), "--out", str(tmp_path / "r.html")]) == 2
    assert capsys.readouterr().err == (
        f"error: {outputs / 'metrics.json'} not found: the review page shows the report stage's metrics, run it first\n"
    )


def test_metrics_can_be_handed_over_by_the_report_stage(tmp_path):
    outputs = write_outputs(tmp_path)
    metrics = corpus_metrics(folder_snapshot(outputs))
    page = ReviewDom(write_review(outputs, tmp_path / "review.html", metrics=metrics))
    [corpus] = [t for t in page.tags["table"] if t.children[0].text == "Corpus"]
    assert [tr.text for tr in descendants(corpus, "tr")] == ["inputs3", "articles2", "rejects1", "mixed language0"]

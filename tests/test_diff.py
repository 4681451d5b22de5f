import json
import subprocess
from pathlib import Path

import pytest
import yaml

from pipeline.diff import compare, folder_snapshot, format_number, main
from pipeline.run import run_all
from sample_outputs import ACQUISITION_TEXT, OFFER_TEXT, entity, sample_rows, write_outputs

ROOT = Path(__file__).resolve().parent.parent


def run_diff(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edited_rows():
    rows = sample_rows()
    offer = rows["events"][0]
    offer["amount"] = 2.5e6
    offer["status"] = "offered"
    offer["id"] = "renumbered"  # an event's id is not part of its identity
    rows["entities"][1]["label"] = "PER"
    del rows["entities"][3]
    rows["entities"].append(entity("a_offer", OFFER_TEXT, "Reederei Nordwind", "ORG"))
    rows["articles"][1]["title"] = "Übernahme perfekt"
    rows["rejects"].append({"source": "corpus/kaputt.bin", "reason": "binary file: 3 NUL bytes"})
    return rows


def test_identical_folders_print_no_changes_and_exit_0(tmp_path, capsys):
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new")
    assert run_diff(capsys, old, new, "--exit-code") == (0, "no changes\n", "")


def test_changes_are_listed_per_article_field_by_field(tmp_path, capsys):
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", edited_rows())
    code, out, _ = run_diff(capsys, old, new, "--exit-code")
    assert code == 1
    assert out.splitlines() == [
        "a_offer",
        '  + entity ORG [4:21] "Reederei Nordwind"',
        '  ~ entity PER [26:34] "Seeblick"',
        '      label "ORG" → "PER"',
        '  - entity ORG [66:74] "Seeblick"',
        "  ~ event offer [0:65] Nordwind → Seeblick, 2.5e6 EUR, 2025-03-03, offered",
        "      amount 2e6 → 2.5e6",
        '      status "rejected" → "offered"',
        "b_deal",
        '  ~ title "Übernahme" → "Übernahme perfekt"',
        "rejects",
        "  + reject corpus/kaputt.bin: binary file: 3 NUL bytes",
        "summary: articles +0 -0 ~2; entities +1 -1 ~1; events +0 -0 ~1; rejects +1 -0 ~0",
    ]


def test_without_exit_code_differences_still_exit_0(tmp_path, capsys):
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", edited_rows())
    assert run_diff(capsys, old, new)[0] == 0


def test_money_value_change_inside_an_entity_names_the_nested_field(tmp_path, capsys):
    rows = sample_rows()
    rows["entities"][8]["value"]["amount"] = 1.5e9
    rows["events"][1]["amount"] = 1.5e9
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", rows)
    assert run_diff(capsys, old, new)[1].splitlines() == [
        "b_deal",
        '  ~ entity MONEY [60:81] "1,2 Milliarden Dollar"',
        "      value.amount 1.2e9 → 1.5e9",
        "  ~ event acquisition [0:82] Talfahrt GmbH → Bergwerk AG, 1.5e9 USD, 2025-07, completed",
        "      amount 1.2e9 → 1.5e9",
        "summary: articles +0 -0 ~1; entities +0 -0 ~1; events +0 -0 ~1; rejects +0 -0 ~0",
    ]


def test_a_new_event_type_on_the_same_evidence_is_a_change_not_a_new_event(tmp_path, capsys):
    rows = sample_rows()
    rows["events"][1]["type"] = "investment"
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", rows)
    assert run_diff(capsys, old, new)[1].splitlines()[1:3] == [
        "  ~ event investment [0:82] Talfahrt GmbH → Bergwerk AG, 1.2e9 USD, 2025-07, completed",
        '      type "acquisition" → "investment"',
    ]


def test_shifted_text_matches_rows_by_content_and_reports_only_the_text(tmp_path, capsys):
    prefix = "Eilmeldung: "
    rows = sample_rows()
    rows["articles"][0]["text"] = prefix + OFFER_TEXT
    for row in rows["entities"]:
        if row["article_id"] == "a_offer":
            row["start"] += len(prefix)
            row["end"] += len(prefix)
    rows["events"][0]["evidence"]["start"] += len(prefix)
    rows["events"][0]["evidence"]["end"] += len(prefix)
    rows["events"][0]["id"] = "a_offer:12"
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", rows)
    assert run_diff(capsys, old, new)[1].splitlines() == [
        "a_offer",
        "  ~ text changed (101 → 113 characters)",
        "summary: articles +0 -0 ~1; entities +0 -0 ~0; events +0 -0 ~0; rejects +0 -0 ~0",
    ]


def test_added_and_removed_articles_are_one_line_each_and_counted_in_the_summary(tmp_path, capsys):
    rows = sample_rows()
    rows["articles"] = [r for r in rows["articles"] if r["id"] != "b_deal"]
    rows["languages"] = [r for r in rows["languages"] if r["article_id"] != "b_deal"]
    rows["entities"] = [r for r in rows["entities"] if r["article_id"] != "b_deal"]
    rows["events"] = [r for r in rows["events"] if r["article_id"] != "b_deal"]
    old = write_outputs(tmp_path / "old", rows)
    new = write_outputs(tmp_path / "new")
    assert run_diff(capsys, old, new)[1].splitlines() == [
        "b_deal",
        "  + article: 4 entities, 1 event",
        "summary: articles +1 -0 ~0; entities +4 -0 ~0; events +1 -0 ~0; rejects +0 -0 ~0",
    ]
    assert run_diff(capsys, new, old)[1].splitlines()[:2] == ["b_deal", "  - article: 4 entities, 1 event"]


def test_language_verdict_changes_are_article_fields(tmp_path, capsys):
    rows = sample_rows()
    rows["languages"][1].update(language="en", mixed=True, shares={"de": 0.7, "en": 0.3})
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", rows)
    assert run_diff(capsys, old, new)[1].splitlines()[:5] == [
        "b_deal",
        '  ~ language "de" → "en"',
        "  ~ mixed false → true",
        "  ~ shares.de 1 → 0.7",
        "  ~ shares.en null → 0.3",
    ]


def test_same_span_twice_pairs_equal_rows_first(tmp_path):
    rows = sample_rows()
    date = entity("b_deal", ACQUISITION_TEXT, "Juli 2025", "DURATION", {"value": "P1M"})
    rows["entities"].append(date)
    old = write_outputs(tmp_path / "old", rows)
    rows = sample_rows()
    rows["entities"].append(date)
    rows["entities"][6]["value"] = {"value": "2025-07/2025-08"}
    new = write_outputs(tmp_path / "new", rows)
    diff = compare(folder_snapshot(old), folder_snapshot(new))
    [article] = diff.articles
    [change] = article.entities.changed
    assert (change.new["label"], [(f.field, f.old, f.new) for f in change.fields]) == (
        "DATE",
        [("value.value", "2025-07", "2025-07/2025-08")],
    )


def test_json_format_gives_counts_and_raw_values(tmp_path, capsys):
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", edited_rows())
    document = json.loads(run_diff(capsys, old, new, "--format", "json")[1])
    assert document["summary"] == {
        "articles": {"added": 0, "removed": 0, "changed": 2},
        "entities": {"added": 1, "removed": 1, "changed": 1},
        "events": {"added": 0, "removed": 0, "changed": 1},
        "rejects": {"added": 1, "removed": 0, "changed": 0},
    }
    [offer] = document["articles"][0]["events"]["changed"]
    assert offer["fields"] == [
        {"field": "amount", "old": 2000000.0, "new": 2500000.0},
        {"field": "status", "old": "rejected", "new": "offered"},
    ]


def test_markdown_format_puts_each_article_in_a_diff_block(tmp_path, capsys):
    rows = sample_rows()
    rows["events"][1]["amount"] = 1.5e9
    old = write_outputs(tmp_path / "old")
    new = write_outputs(tmp_path / "new", rows)
    assert run_diff(capsys, old, new, "--format", "markdown")[1] == (
        f"**Extraction changes** `{old}` → `{new}`: articles +0 -0 ~1; entities +0 -0 ~0; events +0 -0 ~1; rejects +0 -0 ~0\n"
        "\n"
        "#### `b_deal`\n"
        "\n"
        "```diff\n"
        "~ event acquisition [0:82] Talfahrt GmbH → Bergwerk AG, 1.5e9 USD, 2025-07, completed\n"
        "    amount 1.2e9 → 1.5e9\n"
        "```\n"
    )


def git(repo, *args):
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    write_outputs(tmp_path / "outputs")
    git(tmp_path, "add", "outputs")
    git(tmp_path, "commit", "-q", "-m", "outputs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_default_compares_head_with_the_working_tree(repo, capsys):
    assert run_diff(capsys, "--exit-code") == (0, "no changes\n", "")
    write_outputs(repo / "outputs", edited_rows())
    code, out, _ = run_diff(capsys, "--exit-code")
    assert code == 1
    assert out.splitlines()[-1] == "summary: articles +0 -0 ~2; entities +1 -1 ~1; events +0 -0 ~1; rejects +1 -0 ~0"


def test_two_revisions_and_a_file_missing_at_the_old_one(repo, capsys):
    (repo / "outputs" / "rejects.jsonl").unlink()
    git(repo, "commit", "-q", "-am", "no rejects")
    assert run_diff(capsys, "HEAD", "HEAD~1")[1].splitlines() == [
        "rejects",
        "  + reject corpus/leer.txt: empty file",
        "summary: articles +0 -0 ~0; entities +0 -0 ~0; events +0 -0 ~0; rejects +1 -0 ~0",
    ]


def test_unknown_revision_is_a_one_line_error(repo, capsys):
    assert run_diff(capsys, "no-such-revision") == (
        2,
        "",
        "error: no-such-revision: neither an outputs folder nor a git revision\n",
    )


@pytest.mark.parametrize(
    ("number", "shown"),
    [(1.5e9, "1.5e9"), (1e9, "1e9"), (2400000000, "2.4e9"), (1234567891.0, "1.234567891e9"), (12.0, "12"), (0.25, "0.25")],
)
def test_numbers_read_like_amounts(number, shown):
    assert format_number(number) == shown


def seed_run(out, *, models, tmp_path):
    """Every stage on the seed corpus with the project's parameters, reading the NER rules from ``models``."""
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["extract"]["models"] = str(models)
    params_path = tmp_path / f"params-{out.name}.yaml"
    params_path.write_text(yaml.safe_dump(params), encoding="utf-8")
    run_all(ROOT / "corpus", out, params=params_path)
    return out


def test_dropping_one_gazetteer_entry_shows_exactly_in_the_seed_diff(tmp_path, capsys):
    models = tmp_path / "models"
    models.mkdir()
    for entry in (ROOT / "models").iterdir():
        if entry.name != "gazetteer.jsonl":
            (models / entry.name).symlink_to(entry)
    entries = (ROOT / "models" / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in entries if json.loads(line)["pattern"] != "Windsurf"]
    assert len(kept) == len(entries) - 1
    (models / "gazetteer.jsonl").write_text("".join(kept), encoding="utf-8")
    before = seed_run(tmp_path / "before", models=ROOT / "models", tmp_path=tmp_path)
    after = seed_run(tmp_path / "after", models=models, tmp_path=tmp_path)
    capsys.readouterr()  # the runs' own progress lines are not part of the diff
    code, out, _ = run_diff(capsys, before, after, "--exit-code")
    assert code == 1
    assert out.splitlines() == [
        "000_88c4cff9ad4f1665",
        '  - entity ORG [3508:3516] "Windsurf"',
        "  ~ event other [3423:3616] Google → ?, 2.4e9 USD, 2025-07, completed",
        '      target "Windsurf" → null',
        '      type "acquisition" → "other"',
        "summary: articles +0 -0 ~1; entities +0 -1 ~0; events +0 -0 ~1; rejects +0 -0 ~0",
    ]

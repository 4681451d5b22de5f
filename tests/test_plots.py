import json

from pipeline.plots import main


def test_events_per_type_lists_every_type_with_zero_counts(tmp_path, capsys):
    metrics = tmp_path / "metrics.json"
    metrics.write_text(json.dumps({"events": {"by_type": {"acquisition": 3, "offer": 1, "merger": 2}}}), encoding="utf-8")
    out = tmp_path / "plots" / "events_per_type.csv"
    assert main(["events", "--metrics", str(metrics), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (
        "type,events\noffer,1\nacquisition,3\ninvestment,0\nvaluation,0\nother,0\nmerger,2\n"
    )
    assert capsys.readouterr().out == f"plots: 6 rows -> {out}\n"


def test_ner_f1_per_label_leaves_out_the_averages(tmp_path):
    score = {"p": 80.0, "r": 70.5, "f1": 75.2, "tp": 10, "predicted": 12, "gold": 14}
    scores = {"LOC": score, "PER": {**score, "f1": 90.1}, "micro": score, "micro_all": score}
    path = tmp_path / "ner.json"
    path.write_text(json.dumps(scores, sort_keys=True), encoding="utf-8")
    out = tmp_path / "ner_f1.csv"
    assert main(["ner", "--scores", str(path), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "label,f1,precision,recall\nLOC,75.2,80.0,70.5\nPER,90.1,80.0,70.5\n"

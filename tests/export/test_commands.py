"""`annotator export`: stdout and files, atomic writes, the dataset card beside the file."""

from __future__ import annotations

import json

from annotator.extensions import db
from annotator.services.exporting import ExportOptions, export_lines


def test_stdout_and_file_hold_the_same_bytes(runner, golden, tmp_path):
    out = tmp_path / "data.jsonl"
    to_file = runner.invoke(args=["export", "-o", str(out)])
    assert to_file.exit_code == 0, to_file.output
    assert "exported 6 passages" in to_file.output
    expected = "".join(export_lines(db.session, ExportOptions())).encode("utf-8")
    assert out.read_bytes() == expected
    assert not (tmp_path / "data.jsonl.part").exists()
    to_stdout = runner.invoke(args=["export", "--status", "gold"])
    (line,) = [x for x in to_stdout.stdout.splitlines() if x.startswith("{")]
    assert json.loads(line)["status"] == "gold"


def test_the_card_is_written_beside_the_file(runner, golden, tmp_path):
    out, card = tmp_path / "tasks.json", tmp_path / "card"
    result = runner.invoke(
        args=[
            "export",
            "-o",
            str(out),
            "--format",
            "label-studio",
            "--status",
            "labeled",
            "--card",
            str(card),
        ]
    )
    assert result.exit_code == 0, result.output
    readme = (card / "README.md").read_text("utf-8")
    command = f"annotator export -o {out} --format label-studio --status labeled --card {card}"
    assert command in readme
    assert "- 4 passages from 2 articles" in readme
    assert "## Agreement" in readme and "| `stance` | 3 | 2 |" in readme
    assert (card / "label-studio-config.xml").read_text("utf-8").startswith("<View>")
    articles = (card / "articles.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["schema_version"] for line in articles] == [1] * 2
    assert "`articles.jsonl` beside this card has one line per article (2 in all" in readme
    assert len(json.loads(out.read_text("utf-8"))) == 4


def test_unknown_options_are_refused(runner, golden):
    assert runner.invoke(args=["export", "--format", "csv"]).exit_code == 2
    assert runner.invoke(args=["export", "--status", "maybe"]).exit_code == 2

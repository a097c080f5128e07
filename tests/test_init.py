"""``amc init``: copies of the questionnaire and rubric to adapt (a new user found no way to
get them but from a git checkout)."""

from __future__ import annotations

from pathlib import Path

from amc_assess.resources import data_dir, default_questionnaire, default_rubric
from conftest import REPO, invoke

MID = REPO / "examples" / "mid_maturity.yaml"


def test_init_copies_the_bundled_pair_which_scores_as_the_bundled_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "my instrument")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "wrote my instrument/questionnaire.yaml (amc 1.0.0, 62 items)",
        "wrote my instrument/rubric.yaml (amc 1.2.0, 4 dimensions)",
        "Edit them, then check them with: amc validate -q 'my instrument/questionnaire.yaml' "
        "-r 'my instrument/rubric.yaml'",
    ]
    q, r = (
        tmp_path / "my instrument" / "questionnaire.yaml",
        tmp_path / "my instrument" / "rubric.yaml",
    )
    for copy, bundled in ((q, default_questionnaire()), (r, default_rubric())):
        lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
        assert lines[0].startswith("# A copy of amc version ")
        assert "".join(lines[2:]) == bundled.read_text(encoding="utf-8-sig")
    assert invoke("validate", "-q", str(q), "-r", str(r)).stdout.startswith("OK: ")
    own = invoke("score", "-q", str(q), "-r", str(r), str(MID), "-f", "json")
    assert own.stdout == invoke("score", str(MID), "-f", "json").stdout


def test_init_never_writes_over_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "rubric.yaml").write_text("mine\n", encoding="utf-8")
    result = invoke("init", "here")
    assert result.exit_code == 1
    assert result.stderr == (
        "here/rubric.yaml: already exists; nothing was written (choose another folder, or "
        "move it away)\n"
    )
    assert sorted(p.name for p in (tmp_path / "here").iterdir()) == ["rubric.yaml"]
    assert (tmp_path / "here" / "rubric.yaml").read_text(encoding="utf-8") == "mine\n"


def test_init_of_a_questionnaire_nothing_scores_copies_it_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "audit", "-q", "relationship_audit")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "audit").iterdir()) == ["questionnaire.yaml"]
    text = (tmp_path / "audit" / "questionnaire.yaml").read_text(encoding="utf-8")
    source = data_dir("questionnaires") / "relationship_audit.yaml"
    assert text.split("\n", 2)[2] == source.read_text(encoding="utf-8-sig")
    assert result.stdout.splitlines()[-1] == (
        "Edit it, then check it with: amc validate -q audit/questionnaire.yaml"
    )
    assert Path("audit/questionnaire.yaml").is_file()

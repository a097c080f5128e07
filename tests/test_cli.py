"""The CLI through click's CliRunner: exit codes, stdout and stderr separately."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from amc_assess import api
from amc_assess.cli import cli
from amc_assess.names import shown
from conftest import MINI, REPO, invoke

MINI_ARGS = ["-q", str(MINI / "questionnaire.yaml"), "-r", str(MINI / "rubric.yaml")]


def test_every_command_and_option_has_help():
    def walk(command: click.Command, path: str):
        assert command.help, f"{path} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{path} {param.opts} has no help"
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), f"{path} {name}")

    walk(cli, "amc")


def test_listed_help_is_each_commands_own_at_every_width():
    from amc_assess.cli import COMMANDS

    ctx = click.Context(cli)
    for name, (module, text) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command.callback.__module__ == f"amc_assess.cli.{module}"
        assert " ".join(command.help.split("\n\n")[0].split()) == text, name
    lazy = type(cli)(name="amc", lazy=COMMANDS)  # nothing loaded: the texts alone
    plain = click.Group(name="amc", commands={n: cli.get_command(ctx, n) for n in COMMANDS})
    for width in (50, 80, 100, 140):
        listed = []
        for group in (lazy, plain):
            formatter = click.HelpFormatter(width=width)
            group.format_commands(click.Context(group), formatter)
            listed.append(formatter.getvalue())
        assert "history" in listed[0] and listed[0] == listed[1], width


def test_score_json_equals_the_library_result():
    result = invoke("score", *MINI_ARGS, str(MINI / "response.yaml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    library = api.score_files([MINI / "response.yaml"], *MINI_ARGS[1::2])
    assert json.loads(result.stdout) == [r.model_dump(mode="json") for r in library]
    assert result.stderr == ""


def test_score_table_shows_scores_levels_and_rules():
    result = invoke("score", *MINI_ARGS, str(MINI / "response.yaml"))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any("Alpha" in line and "4.20" in line and "5 Optimizing" in line for line in lines)
    assert any("Beta" in line and "3.67" in line and "4 Managed" in line and "2/3" in line
               for line in lines)  # fmt: skip
    assert any("Overall index" in line and "4.02" in line for line in lines)
    assert "[caution] Formal B with repeat partners" in lines


def test_score_csv():
    result = invoke("score", *MINI_ARGS, str(MINI / "response.yaml"), "-f", "csv")
    header, row = result.stdout.strip().splitlines()
    fields = dict(zip(header.split(","), row.split(","), strict=True))
    assert fields["firm"] == "Mini Corp"
    assert fields["alpha_score"] == "4.2000" and fields["beta_level"] == "4"
    assert fields["rules"] == "formal_with_repeat"


def test_score_reports_every_problem_of_a_file_in_one_run(tmp_path, monkeypatch):
    """Structural (unknown item) and value problems (out of range, unknown label) together."""
    monkeypatch.chdir(tmp_path)
    text = (MINI / "response.yaml").read_text()
    text = text.replace("a_agree1: 4", "a_agree1: 7").replace("b_count: 7", "b_count: lots")
    text = text.replace("a_choice: some", "a_choice: plenty")
    text = text.replace("b_agree: dont_know", "b_agree: dont_know\n  zz_unknown: 3")
    (tmp_path / "bad.yaml").write_text(text)
    result = invoke("score", *MINI_ARGS, "bad.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "bad.yaml: answers.zz_unknown: not an item of questionnaire 'mini'"
    assert lines[1] == "bad.yaml: answers.a_agree1: 7: expected a whole number 1..5, or dont_know"
    assert lines[2].startswith("bad.yaml: answers.a_choice: 'plenty': ")
    assert lines[3] == (
        "bad.yaml: answers.b_count: 'lots': expected a whole number from 0 to 100, or dont_know"
    )
    assert lines[4:] == ["4 problems found"]
    (tmp_path / "bad.yaml").write_text(text.replace("\n  zz_unknown: 3", ""))
    result = invoke("score", *MINI_ARGS, "bad.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "3 problems found"


def test_score_rejects_other_instrument_version(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (
        (MINI / "response.yaml")
        .read_text()
        .replace('instrument_version: "0.1"', "instrument_version: '0.0'")
    )
    (tmp_path / "old.yaml").write_text(text)
    result = invoke("score", *MINI_ARGS, "old.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "old.yaml: assessment.instrument_version: answers were given to version 0.0 "
        "but the questionnaire is version 0.1\n"
    )


def test_response_schema_errors_are_one_line_each(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text("assessment: {firm: X}\nrespondent: {level: boss}\n")
    result = invoke("score", *MINI_ARGS, "r.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "r.yaml: assessment.instrument: required field is missing",
        "r.yaml: assessment.instrument_version: required field is missing",
        "r.yaml: respondent.level: Input should be 'senior', 'middle' or 'operational'",
        "3 problems found",
    ]


def test_validate_ok_and_broken(tmp_path, monkeypatch):
    result = invoke("validate", *MINI_ARGS)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("OK: ")
    # the mini instrument cites "test", which is no work of the references list: said once
    assert [line for line in lines if "references list" in line] == [
        f"warning: {shown(MINI / 'questionnaire.yaml')}: 10 sources name no work of the references "
        "list (rubrics/references.yaml): 'test'; the report's references leave them out"
    ]
    bundled = invoke("validate")
    assert "references list" not in bundled.stdout  # every bundled source names a work
    monkeypatch.chdir(tmp_path)
    broken = (MINI / "rubric.yaml").read_text().replace("item: a_choice", "item: a_choise")
    (tmp_path / "rubric.yaml").write_text(broken)
    result = invoke("validate", "-q", str(MINI / "questionnaire.yaml"), "-r", "rubric.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    # one line, with the item meant; not also "'a_choice' is not scored" and the like
    assert result.stderr.splitlines() == [
        f"rubric.yaml: dimensions.alpha.items[3].item: 'a_choise' is not an item of "
        f"{MINI / 'questionnaire.yaml'} (did you mean 'a_choice'?)",
    ]


def test_usage_error_exits_2():
    result = CliRunner().invoke(cli, ["score"])
    assert result.exit_code == 2
    assert result.stderr == "Error: Missing argument 'FILES...'.\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["score", str(REPO / "examples" / "mid_maturity.yaml"), "--format", "jsn"],
         "Error: Invalid value for '-f' / '--format': 'jsn' is not one of "),
        (["scor", "x.yaml"], "Error: No such command 'scor'. Did you mean 'score'?"),
        (["histroy", "show", "X"], "Error: No such command 'histroy'. Did you mean 'history'?"),
        (["xyzzy"], "Error: No such command 'xyzzy'."),
        (["report", str(REPO / "examples" / "mid_maturity.yaml")], "Error: give --out FILE.pdf"),
        (["history", "add"], "Error: Missing argument"),
    ],
)  # fmt: skip
def test_every_usage_error_is_one_line(args, said):
    """A misspelt choice printed click's usage line, a hint and a blank line before the
    error, where README promises one line per error (as a bad path already was)."""
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(said), line


def test_schema_writes_json_schema(tmp_path):
    result = invoke("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    rubric = json.loads((tmp_path / "amc-rubric.schema.json").read_text())
    assert "dimensions" in rubric["properties"]
    assert set(rubric["required"]) == {"id", "version", "questionnaire", "dimensions"}
    assert "levels" in rubric["properties"]  # optional: five levels by default
    questionnaire = json.loads((tmp_path / "amc-questionnaire.schema.json").read_text())
    item = questionnaire["$defs"]["Item"]
    assert item["properties"]["type"]["enum"] == [
        "agreement",
        "yesno",
        "choice",
        "number",
        "text",
        "contacts",
    ]


def test_unexpected_errors_are_one_line_without_debug(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(api, "score_output", boom)
    result = CliRunner().invoke(cli, ["score", "x.yaml"])
    assert result.exit_code == 1
    assert (
        result.stderr == "Error: unexpected failure: disk on fire (run with --debug for details)\n"
    )
    result = CliRunner().invoke(cli, ["--debug", "score", "x.yaml"])
    assert isinstance(result.exception, RuntimeError)


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; from amc_assess.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'numpy', 'pydantic', 'reportlab', 'questionary', 'rich')"
        " if m in sys.modules]\nprint('HEAVY:' + ','.join(heavy))\n"
        "print('OURS:' + ','.join(sorted(m for m in sys.modules if m.startswith('amc_assess'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in out.stdout and "history " in out.stdout
    assert out.stdout.strip().splitlines()[-2] == "HEAVY:"
    # no command's module: each is imported when its command runs
    assert (
        out.stdout.strip().splitlines()[-1]
        == "OURS:amc_assess,amc_assess.cli,amc_assess.cli.common"
    )


def test_main_leaves_no_last_cyclic_collection_to_the_exit():
    code = (
        "import gc; from amc_assess.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as done:\n    code = done.code\n"
        "print('FROZEN', gc.get_freeze_count() > 0, 'CODE', code)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "FROZEN True CODE 0"


def test_console_script_and_module_agree():
    script = Path(sys.executable).parent / "amc"
    a = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    b = subprocess.run(
        [sys.executable, "-m", "amc_assess", "--version"], capture_output=True, text=True
    )
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout == "amc, version 0.1.0\n"


def test_json_response_scores_like_yaml(tmp_path):
    from amc_assess.yamlio import read_data

    data = read_data(MINI / "response.yaml")
    data["assessment"]["date"] = str(data["assessment"]["date"])
    (tmp_path / "r.json").write_text(json.dumps(data))
    as_json = invoke("score", *MINI_ARGS, str(tmp_path / "r.json"), "-f", "json")
    as_yaml = invoke("score", *MINI_ARGS, str(MINI / "response.yaml"), "-f", "json")
    assert as_json.exit_code == 0, as_json.stderr
    assert json.loads(as_json.stdout) == json.loads(as_yaml.stdout)


def test_markdown_summary_from_template():
    result = invoke("score", *MINI_ARGS, str(MINI / "response.yaml"), "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Mini test instrument: Mini Corp\n")
    assert "**Overall index: 4.02 on a scale of 1 to 5 — level 4 (Managed)**" in out
    assert "| Beta | 3.67 | 4 Managed | 2/3 | 0.53 | 3 | 0.00 |" in out
    assert (  # descriptor and next steps
        "### Beta — level 4 (Managed)\n\n*How firms at level 4 usually work* (the firm's own "
        "answers may differ): b4\n\nNext steps, in order of priority:\n\n- rb4\n"
    ) in out


def test_bundled_examples_score_and_fire_the_daf_rules():
    from amc_assess.resources import example

    results = api.score_files([example(f"{m}_maturity.yaml") for m in ("low", "mid", "high")])
    low, mid, high = results
    assert low.overall_level < mid.overall_level < high.overall_level
    assert "daf_for_new_partners" in [r.id for r in low.rules]
    assert "daf_fit_repeat_partners" in [r.id for r in high.rules]
    assert all(d.status == "ok" for r in results for d in r.dimensions)


def test_bundled_instruments_by_name(tmp_path, monkeypatch):
    from amc_assess.resources import data_dir

    monkeypatch.chdir(tmp_path)
    audit = data_dir("questionnaires") / "relationship_audit.yaml"
    result = invoke("validate", "-q", "relationship_audit")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"OK: {audit} (relationship_audit ")
    (tmp_path / "amc").mkdir()  # a folder of that name does not hide the bundled file
    result = invoke("validate", "-q", "amc", "-r", "amc")
    assert result.exit_code == 0 and "(amc 1.2.0, 4 dimensions" in result.stdout
    (tmp_path / "relationship_audit").write_text("id: [", encoding="utf-8")
    result = invoke("validate", "-q", "relationship_audit")  # a file that exists wins
    assert result.exit_code == 1 and result.stderr.startswith("relationship_audit:")
    result = invoke("validate", "-q", "nosuch")
    assert (result.exit_code, result.stderr) == (1, "nosuch: file not found\n")


def test_main_has_pyarrow_allocate_with_malloc_unless_the_user_chose():
    code = (
        "from amc_assess.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "import pyarrow as pa\nprint('POOL', pa.default_memory_pool().backend_name)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    for chosen, expected in ((None, "system"), ("jemalloc", "jemalloc")):
        run_env = env if chosen is None else {**env, "ARROW_DEFAULT_MEMORY_POOL": chosen}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=run_env
        )
        assert out.stdout.strip().splitlines()[-1] == f"POOL {expected}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc arenas")
def test_main_keeps_one_malloc_arena_for_every_thread_unless_the_user_set_them():
    code = (
        "import ctypes, threading\nfrom amc_assess.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "together = threading.Barrier(3)\n"
        "def work():\n    blobs = [bytearray(1 << 20) for _ in range(4)]\n    together.wait()\n"
        "threads = [threading.Thread(target=work) for _ in range(3)]\n"
        "for t in threads:\n    t.start()\nfor t in threads:\n    t.join()\n"
        "ctypes.CDLL(None).malloc_stats()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")}
    for chosen, arenas in ((None, 1), ("4", 4)):  # the main thread's and one per thread
        run_env = env if chosen is None else {**env, "MALLOC_ARENA_MAX": chosen}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=run_env
        )
        assert out.stderr.count("Arena ") == arenas


@pytest.mark.parametrize("width", [60, 120])  # stacked on a narrow terminal, a table on a wide one
def test_score_shows_no_points_to_a_next_level_at_the_top_and_progress_as_the_report_does(width):
    from amc_assess.formats import fmt_progress
    from amc_assess.render import to_table

    result = api.score_files([MINI / "response.yaml"], *MINI_ARGS[1::2])[0]
    top = [d for d in result.dimensions if d.gap_to_next == 0]
    assert [d.level for d in top] == [5]  # Alpha, at the top level
    two_of_three = result.model_copy(update={"percent_to_target": 2 / 3})
    text = to_table([two_of_three], width=width)
    assert fmt_progress(2 / 3) == "66%"  # rounded down: 100% only at the target
    assert "66% to target" in text and "67%" not in text
    if width == 60:
        assert "to next level –" in text and "to next level 0.00" not in text
    else:
        row = next(line for line in text.splitlines() if top[0].title in line)
        cells = [c.strip() for c in row.split("│")]
        assert cells[5] == "–"


def test_markdown_summary_shows_no_points_to_a_next_level_at_the_top():
    from amc_assess.render import to_markdown

    result = api.score_files([MINI / "response.yaml"], *MINI_ARGS[1::2])[0]
    top = next(d for d in result.dimensions if d.gap_to_next == 0)
    row = next(
        line for line in to_markdown([result]).splitlines() if line.startswith(f"| {top.title} |")
    )
    assert [c.strip() for c in row.strip("|").split("|")][4] == "–"


SCHEMA_FILES = {
    "questionnaire": ["questionnaires/amc.yaml", "questionnaires/relationship_audit.yaml",
                      "tests/fixtures/mini/questionnaire.yaml",
                      "tests/fixtures/scale7/questionnaire.yaml"],
    "rubric": ["rubrics/amc.yaml", "tests/fixtures/mini/rubric.yaml",
               "tests/fixtures/scale7/rubric.yaml", "tests/fixtures/scale7/rubric_range7.yaml"],
    "response": ["examples/mid_maturity.yaml", "examples/low_maturity.yaml",
                 "examples/high_maturity.yaml", "tests/fixtures/mini/response.yaml",
                 "tests/fixtures/scale7/response.yaml"],
}  # fmt: skip


@pytest.mark.parametrize("kind", list(SCHEMA_FILES))
def test_every_file_amc_reads_passes_its_json_schema(tmp_path, kind):
    """An editor validating with ``amc schema``'s output marks no line of a valid file: the
    short forms (``str_exit_terms: 4``, ``dont_know``, a recommendation as plain text) are in
    the schema (43-51 errors per example response were reported before)."""
    import jsonschema  # lazy: only this test validates with it
    import yaml

    assert invoke("schema", "--out", str(tmp_path)).exit_code == 0
    schema = json.loads((tmp_path / f"amc-{kind}.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)

    class AsEditors(yaml.SafeLoader):  # dates stay text, as an editor's YAML server reads them
        yaml_implicit_resolvers = {
            first: [r for r in found if r[0] != "tag:yaml.org,2002:timestamp"]
            for first, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

    for name in SCHEMA_FILES[kind]:
        data = yaml.load((REPO / name).read_text(encoding="utf-8"), AsEditors)  # noqa: S506
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], name
    # and it still refuses what amc refuses: a wrong answer shape, an unknown field
    bad = yaml.load((REPO / SCHEMA_FILES[kind][0]).read_text(encoding="utf-8"), AsEditors)  # noqa: S506
    bad["no_such_field"] = 1
    assert list(validator.iter_errors(bad)), "an unknown top-level field passed"


def test_markdown_summary_names_where_the_targets_come_from(tmp_path):
    """A trial: the markdown's Target column never said whether the targets were agreed."""
    import yaml

    mid = REPO / "examples" / "mid_maturity.yaml"
    out = invoke("score", str(mid), "-f", "markdown")
    assert out.exit_code == 0, out.output
    assert "\nTargets: the rubric's defaults (not agreed with the firm). " in out.output
    data = yaml.safe_load(mid.read_text(encoding="utf-8"))
    data["targets"] = {"levels": {"structure": 4, "coordination": 4, "learning": 4, "daf": 4},
                       "agreed_on": "2026-02-10", "agreed_by": "Board of Lumora"}  # fmt: skip
    path = tmp_path / "agreed.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    agreed = invoke("score", str(path), "-f", "markdown")
    assert agreed.exit_code == 0, agreed.output
    assert "\nTargets: agreed on 2026-02-10 by Board of Lumora. " in agreed.output


def test_a_share_written_as_a_fraction_is_warned_about(tmp_path):
    """A trial: ``crd_role_stability: 0.65`` (meant 65%) scored as 0.65% without a word, the
    dimension falling from 2.85 to 2.63. amc score and amc report warn; 0 and 1 are whole
    percentages and pass."""
    mid = (REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8")
    assert "  crd_role_stability: 65\n" in mid
    frac = tmp_path / "frac.yaml"
    frac.write_text(mid.replace("crd_role_stability: 65", "crd_role_stability: 0.65"), "utf-8")
    said = ("answers.crd_role_stability: a number between 0 and 1 in percent, read as 0.65%; "
            'if a share was meant (0.65 for 65%), write 65; to keep 0.65%, write "0.65%"')  # fmt: skip
    scored = invoke("score", str(frac), "-f", "json")
    assert scored.exit_code == 0
    assert [line for line in scored.stderr.splitlines() if said in line] == [
        f"warning: {frac}: {said}"  # its file, as report names it (a trial: the firm's name)
    ]
    record = json.loads(scored.stdout)[0]
    assert record["completion"]["fractions"] == {"crd_role_stability": 0.65}
    reported = invoke("report", str(frac), "--out", str(tmp_path / "r.pdf"))
    assert reported.exit_code == 0 and said in reported.stderr
    # written with its sign, as the interview keeps a confirmed 0.65%: read as 0.65%, and
    # no warning (report warned again of an answer the interview had confirmed; a trial)
    kept = tmp_path / "kept.yaml"
    kept.write_text(mid.replace("crd_role_stability: 65", 'crd_role_stability: "0.65%"'), "utf-8")
    quiet = invoke("score", str(kept), "-f", "json")
    assert quiet.exit_code == 0 and "between 0 and 1" not in quiet.stderr
    assert json.loads(quiet.stdout)[0]["dimensions"] == record["dimensions"]
    assert "between 0 and 1" not in invoke("report", str(kept), "--out",
                                           str(tmp_path / "k.pdf")).stderr  # fmt: skip
    for whole in ("1", "0"):
        path = tmp_path / f"w{whole}.yaml"
        path.write_text(mid.replace("crd_role_stability: 65", f"crd_role_stability: {whole}"),
                        "utf-8")  # fmt: skip
        assert "between 0 and 1" not in invoke("score", str(path)).stderr


def test_json_gaps_have_the_scores_six_decimals():
    """A trial: ``gap_to_next: 0.12413799999999986`` (3.4 - 3.275862 in floating point)."""
    out = invoke("score", str(REPO / "examples" / "mid_maturity.yaml"), "-f", "json")
    [result] = json.loads(out.stdout)
    for d in result["dimensions"]:
        for key in ("gap_to_next", "gap_to_target"):
            assert d[key] is None or d[key] == round(d[key], 6), (d["dimension"], key)
    structure = next(d for d in result["dimensions"] if d["dimension"] == "structure")
    assert structure["gap_to_next"] == 0.124138 and structure["score"] == 3.275862


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_score_says_when_a_file_was_answered_with_another_rubric(tmp_path, fmt):
    """``amc report`` warned of a response file whose interview scored it with another
    rubric; ``amc score`` printed other levels than the interview showed without a word."""
    import yaml

    from amc_assess.validation import instrument

    _, r = instrument()
    data = yaml.safe_load((REPO / "examples" / "mid_maturity.yaml").read_text(encoding="utf-8"))
    data["assessment"].update(rubric=r.id, rubric_version=f"{r.version}-c1")
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    done = invoke("score", path, "--format", fmt)
    assert done.exit_code == 0, done.stderr
    assert (
        f"warning: {path}: answered in an interview scored with rubric {r.id} {r.version}-c1, "
        f"scored with rubric {r.id} {r.version}: give that rubric (--rubric) for the scores "
        "the interview showed"
    ) in done.stderr.splitlines()
    data["assessment"]["rubric_version"] = r.version
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    same = invoke("score", path, "--format", fmt)
    assert same.exit_code == 0 and "answered in an interview" not in same.stderr


def test_one_path_given_alone_is_one_file_to_the_library():
    """``api.score_files("examples/mid_maturity.yaml")`` read each letter of the path as a
    file name ("x: file not found", "e: file not found", ...) (a trial of the library)."""
    from amc_assess.batch import score_batch

    path = REPO / "examples" / "mid_maturity.yaml"
    alone = api.score_files(str(path))
    assert [r.model_dump() for r in alone] == [r.model_dump() for r in api.score_files([path])]
    assert len(api.score_files(path)) == 1
    assert len(score_batch(str(path)).table) == 1
    assert api.score_output(str(path), fmt="json")[0] == api.score_output([path], fmt="json")[0]
    with pytest.raises(api.InvalidInput, match="no-such.yaml: file not found"):
        api.score_files("no-such.yaml")


def test_the_markdown_summary_of_an_instrument_of_ones_own_is_titled_and_worded_by_it(
    tmp_path,
):
    """An instrument of one's own was headed "AMC assessment" in markdown (the PDF takes the
    questionnaire's title), and a dimension the rubric gives no advice for read "the advice
    this dimension holds does not fit the answers given" (the PDF says the rubric holds
    none) (a trial)."""
    import yaml

    rubric = yaml.safe_load((MINI / "rubric.yaml").read_text(encoding="utf-8"))
    rubric["version"] = "0.1-noadvice"  # an edited rubric is another version
    rubric["dimensions"]["alpha"].pop("recommendations")
    for ri in rubric["dimensions"]["alpha"]["items"]:
        ri.pop("advice", None)
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(rubric, sort_keys=False), encoding="utf-8")
    args = ["-q", str(MINI / "questionnaire.yaml"), "-r", str(path), "-f", "markdown"]
    done = invoke("score", str(MINI / "response.yaml"), *args)
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "# Mini test instrument: Mini Corp"
    alpha = done.stdout.split("### Alpha")[1].split("###")[0]
    assert "No step to list: the rubric holds no advice for the practices or levels of Alpha." in (
        alpha
    )
    beta = done.stdout.split("### Beta")[1]
    assert "- rb4" in beta
    bundled = invoke("score", str(REPO / "examples" / "mid_maturity.yaml"), "-f", "markdown")
    assert bundled.stdout.startswith("# AMC assessment: Lumora Medical Inc. (fictional)\n")


def test_a_hand_edited_answer_is_told_what_to_write(tmp_path):
    """A response file edited by hand: "don't know" got "expected a whole number from 0 to
    2000" with no word of dont_know, and a label ("Agree") "expected a whole number 1..5"
    (a trial); each line now says what to write."""
    import yaml

    data = yaml.safe_load((MINI / "response.yaml").read_text(encoding="utf-8"))
    data["answers"].update(a_agree1="Strongly agree", b_count="Don’t know",
                           ctx_repeat_share="n/a", a_agree2="often")  # fmt: skip
    (tmp_path / "hand.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    done = invoke("score", *MINI_ARGS, str(tmp_path / "hand.yaml"))
    assert done.exit_code == 1
    said = {line.split(": ")[1]: line for line in done.stderr.splitlines()[:-1]}
    assert said["answers.a_agree1"].endswith(
        "'Strongly agree': expected a whole number 1..5: that is the label of answer 5; write 5"
    )
    assert said["answers.b_count"].endswith(": write dont_know")
    assert said["answers.a_agree2"].endswith("'often': expected a whole number 1..5, or dont_know")
    assert "answers.ctx_repeat_share" in said  # a share of 0..100 takes no not applicable
    assert said["answers.ctx_repeat_share"].endswith(", or dont_know")


def test_validate_of_a_questionnaire_alone_says_the_bundled_rubric_was_checked_against_it():
    """``amc validate -q mine.yaml`` blamed the bundled rubric's file for every item the new
    questionnaire lacks, with no word that -r was probably forgotten (a trial)."""
    q = MINI / "questionnaire.yaml"
    done = invoke("validate", "-q", str(q))
    assert done.exit_code == 1
    lines = done.stderr.splitlines()
    assert lines[-1] == (
        f"No --rubric was given: the bundled rubric was checked against {shown(q)}; give -r "
        "with your instrument's rubric."
    )
    problems = [x for x in lines[:-2] if "is not an item of the questionnaire" in x]
    assert problems and lines[-2] == f"{len(lines) - 2} problems found"  # the hint not counted
    assert "No --rubric" not in invoke("validate", *MINI_ARGS).output

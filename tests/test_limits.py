"""Hostile inputs are refused with one line, exit 1, in bounded time and memory (issue 17).

Each file is made in the test (small on disk, huge when read) and each command runs in a
subprocess under an address-space limit and a timeout, so a regression fails the test instead
of exhausting the machine. The lines are checked to the letter; the amounts in them are taken
from the files themselves (the zip directory, the built YAML data), not from amc.
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import pytest
import yaml

import hostile
from conftest import MINI, REPO, invoke

SECONDS = 20.0  # wall time bound per case on these machines (2 shared cores)
PEAK_MIB = 1024.0  # peak resident memory bound per case
ADDRESS_GIB = 1.5  # the subprocess cannot map more than this: a regression fails, not the host
MB = 1 << 20
Q, R = MINI / "questionnaire.yaml", MINI / "rubric.yaml"


def raise_it(name: str, value: object) -> str:
    return f"raise it with amc --limit {name}={value} (or AMC_LIMITS={name}={value})"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every hostile file of the issue's list, made once."""
    d = tmp_path_factory.mktemp("hostile")
    hostile.xlsx_cell_bomb(d / "cells.xlsx", gigabytes=2.0)
    hostile.xlsx_cell_bomb(d / "ratio.xlsx", gigabytes=0.25)
    hostile.xlsx_huge_dimension(d / "dimension.xlsx")
    hostile.xlsx_huge_dimension(d / "undeclared.xlsx", declared=False)
    hostile.questionnaire_bomb(d / "q_bomb.yaml", Q)
    hostile.rubric_bomb(d / "r_bomb.yaml", R)
    hostile.csv_wide(d / "wide.csv", 100_000)
    hostile.parquet_rle(d / "rle.parquet", 200_000_000)
    hostile.png(d / "logo.png", 10_000, 10_000)
    (d / "brand.yaml").write_text("name: Northgate\nlogo: logo.png\n", encoding="utf-8")
    text = (MINI / "response.yaml").read_text(encoding="utf-8")
    assert "  b_count: 7\n" in text
    (d / "long.yaml").write_text(text.replace("  b_count: 7\n", f"  b_count: {'7' * 5000}\n"))
    data = yaml.safe_load(text)
    data["answers"]["b_count"] = 0
    raw = json.dumps(data, default=str, indent=1).replace(
        '"b_count": 0', f'"b_count": {"7" * 5000}'
    )
    (d / "long.json").write_text(raw, encoding="utf-8")
    return d


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(k for k, line in enumerate(lines, start=1) if needle in line)


def _zip_sizes(path: Path) -> tuple[int, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as book:
        parts = book.infolist()
    return sum(p.file_size for p in parts), max(parts, key=lambda p: p.file_size)


def _expected(case: str, d: Path) -> str:
    if case == "xlsx-cell-bomb":
        total, _ = _zip_sizes(d / "cells.xlsx")
        mb = total / MB
        assert mb > 2000  # the bomb as the issue found it: about 2 GB from a few MB
        return (
            f"cells.xlsx: its parts unpack to {mb:,.1f} MB, over the limit of 512 MB by "
            f"{mb - 512:,.1f} MB; {raise_it('xlsx_mb', math.ceil(mb))}"
        )
    if case == "xlsx-ratio":
        total, sheet = _zip_sizes(d / "ratio.xlsx")
        assert total < 512 * MB
        ratio = sheet.file_size // sheet.compress_size
        return (
            f"ratio.xlsx: part xl/worksheets/sheet1.xml unpacks to {ratio:,} times its stored "
            f"size, over the limit of 100 by {ratio - 100:,}; {raise_it('xlsx_ratio', ratio)}"
        )
    if case == "xlsx-huge-dimension":
        return (
            "dimension.xlsx: sheet 'responses' declares A1:XFD1048576: 1,048,576 rows x "
            "16,384 columns, 17,179,869,184 cells, over the limit of 100,000,000 by "
            f"17,079,869,184; {raise_it('cells', 17179869184)}"
        )
    if case == "xlsx-undeclared-dimension":
        return f"undeclared.xlsx: it has more than 100,000,000 cells, the limit; {raise_it('cells', 'N')}"
    if case in ("questionnaire-when-bomb", "rubric-rule-when-bomb"):
        name = "q_bomb.yaml" if case.startswith("questionnaire") else "r_bomb.yaml"
        size = hostile.expanded_size(yaml.load((d / name).read_text(), Loader=yaml.SafeLoader))
        assert size > 9**8
        return (
            f"{name}: with its aliases expanded, it holds {size:,} values, over the limit of "
            f"1,000,000 by {size - 1_000_000:,}; {raise_it('yaml_nodes', size)}"
        )
    if case == "csv-100k-columns":
        return (
            "wide.csv: the header has 100,000 columns, over the limit of 20,000 by 80,000; "
            f"{raise_it('columns', 100000)}"
        )
    if case == "parquet-200m-rle-rows":
        assert (d / "rle.parquet").stat().st_size < 2 * MB
        return (
            "rle.parquet: it has 200,000,000 rows, over the limit of 2,000,000 by "
            f"198,000,000; {raise_it('rows', 200000000)}"
        )
    if case == "png-logo-10k":
        return (
            "brand.yaml: logo: logo.png: a 10,000 x 10,000 image of 100,000,000 pixels, over "
            f"the limit of 25,000,000 by 75,000,000; {raise_it('image_pixels', 100000000)}"
        )
    if case in ("long-number-yaml", "long-number-json"):
        name = "long.yaml" if case.endswith("yaml") else "long.json"
        line = _line_of(d / name, "7" * 5000)
        return (
            f"{name}: line {line}: a number of 5,000 characters, over the limit of 100 by "
            f"4,900; {raise_it('digits', 5000)}"
        )
    raise AssertionError(case)


EXAMPLE = REPO / "examples" / "mid_maturity.yaml"
CASES = {
    "xlsx-cell-bomb": ["batch", "cells.xlsx", "-o", "out.csv"],
    "xlsx-ratio": ["batch", "ratio.xlsx", "-o", "out.csv"],
    "xlsx-huge-dimension": ["batch", "dimension.xlsx", "-o", "out.csv"],
    "xlsx-undeclared-dimension": ["batch", "undeclared.xlsx", "-o", "out.csv"],
    "questionnaire-when-bomb": ["validate", "-q", "q_bomb.yaml", "-r", R],
    "rubric-rule-when-bomb": ["validate", "-q", Q, "-r", "r_bomb.yaml"],
    "csv-100k-columns": ["batch", "wide.csv", "-o", "out.csv"],
    "parquet-200m-rle-rows": ["batch", "rle.parquet", "-o", "out.csv"],
    "png-logo-10k": ["report", EXAMPLE, "--brand", "brand.yaml", "--out", "report.pdf"],
    "long-number-yaml": ["score", "-q", Q, "-r", R, "long.yaml"],
    "long-number-json": ["score", "-q", Q, "-r", R, "long.json"],
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_hostile_input_is_one_line_in_bounded_time_and_memory(folder: Path, case: str):
    run = hostile.run_bounded(*CASES[case], cwd=folder, memory_gib=ADDRESS_GIB, timeout=3 * SECONDS)
    assert (run.code, run.stderr, run.stdout) == (1, _expected(case, folder) + "\n", "")
    assert run.seconds <= SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_mib <= PEAK_MIB, f"{run.peak_mib:.0f} MiB"
    assert not any((folder / n).exists() for n in ("out.csv", "report.pdf", "report.json"))


def test_a_limit_is_raised_by_the_option_or_the_variable_and_the_option_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    hostile.csv_wide(tmp_path / "w.csv", 40, rows=3)
    refused = (
        f"w.csv: the header has 40 columns, over the limit of 30 by 10; {raise_it('columns', 40)}\n"
    )
    result = invoke("--limit", "columns=30", "batch", "w.csv", "-o", "o.csv", "--allow-errors")
    assert (result.exit_code, result.stderr) == (1, refused)
    monkeypatch.setenv("AMC_LIMITS", "rows=5, columns=30")
    result = invoke("batch", "w.csv", "-o", "o.csv", "--allow-errors")
    assert (result.exit_code, result.stderr) == (1, refused)
    result = invoke("--limit", "columns=40", "batch", "w.csv", "-o", "o.csv", "--allow-errors")
    assert result.exit_code == 0, result.stderr
    assert len((tmp_path / "o.csv").read_text().splitlines()) == 4  # header + 3 rows
    monkeypatch.delenv("AMC_LIMITS")
    result = invoke("--limit", "rows=2", "batch", "w.csv", "-o", "o2.csv", "--allow-errors")
    assert (result.exit_code, result.stderr) == (
        1,
        f"w.csv: it has 3 rows, over the limit of 2 by 1; {raise_it('rows', 3)}\n",
    )
    result = invoke("--limit", "cells=100", "batch", "w.csv", "-o", "o2.csv", "--allow-errors")
    assert (result.exit_code, result.stderr) == (
        1,
        "w.csv: it has 3 rows x 40 columns, 120 cells, over the limit of 100 by 20; "
        f"{raise_it('cells', 120)}\n",
    )
    assert not (tmp_path / "o2.csv").exists()


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (["--limit", "colums=5"], "--limit: unknown limit 'colums' (known: file_mb, rows, "
         "columns, cells, xlsx_mb, xlsx_ratio, parquet_mb, yaml_nodes, yaml_aliases, depth, "
         "digits, image_pixels)"),
        (["--limit", "rows=0"], "--limit: 'rows=0': give rows=N, N a whole number above 0"),
        (["--limit", "rows"], "--limit: 'rows': give rows=N, N a whole number above 0"),
    ],
)  # fmt: skip
def test_a_malformed_limit_is_a_usage_error(given: list[str], message: str):
    result = invoke(*given, "validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_a_malformed_variable_is_a_usage_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AMC_LIMITS", "rows=many")
    result = invoke("validate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: AMC_LIMITS: 'rows=many': give rows=N, N a whole number above 0"
    )


def test_the_file_size_limit_applies_to_tables_and_yaml(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.csv").write_text("a_agree1\n" + "3\n" * (MB // 2 + 1))
    (tmp_path / "big.yaml").write_text((MINI / "response.yaml").read_text() + "#" * (2 * MB))
    result = invoke("--limit", "file_mb=1", "batch", "-q", Q, "-r", R, "big.csv", "-o", "o.csv")
    size = (tmp_path / "big.csv").stat().st_size / MB
    assert (result.exit_code, result.stderr) == (
        1,
        f"big.csv: the file is {size:,.1f} MB, over the limit of 1 MB by {size - 1:,.1f} MB; "
        f"{raise_it('file_mb', 2)}\n",
    )
    result = invoke("--limit", "file_mb=1", "score", "-q", Q, "-r", R, "big.yaml")
    size = (tmp_path / "big.yaml").stat().st_size / MB
    assert (result.exit_code, result.stderr) == (
        1,
        f"big.yaml: the file is {size:,.1f} MB, over the limit of 1 MB by {size - 1:,.1f} MB; "
        f"{raise_it('file_mb', 3)}\n",
    )


def test_parquet_text_that_decodes_past_the_limit(tmp_path: Path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.chdir(tmp_path)
    texts = [f"{k:04d}" + "x" * MB for k in range(40)]  # 40 MB of text, a few KB stored
    pq.write_table(pa.table({"firm": texts}), "t.parquet", compression="zstd")
    meta = pq.ParquetFile("t.parquet").metadata
    stored = sum(meta.row_group(0).column(0).total_uncompressed_size for _ in [0])
    decoded = (8 * 40 + stored) / MB
    result = invoke("--limit", "parquet_mb=16", "batch", "t.parquet", "-o", "o.csv")
    assert (result.exit_code, result.stderr) == (
        1,
        f"t.parquet: its data decode to about {decoded:,.1f} MB, over the limit of 16 MB by "
        f"{decoded - 16:,.1f} MB; {raise_it('parquet_mb', math.ceil(decoded))}\n",
    )


def test_the_same_table_limits_hold_for_network_and_history_inputs(folder: Path, tmp_path):
    result = invoke("network", folder / "dimension.xlsx")
    assert result.exit_code == 1
    assert (
        result.stderr
        == _expected("xlsx-huge-dimension", folder).replace(
            "dimension.xlsx", str(folder / "dimension.xlsx"), 1
        )
        + "\n"
    )
    result = invoke("history", "add", folder / "cells.xlsx", "--db", tmp_path / "h.db")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{folder / 'cells.xlsx'}: its parts unpack to 2,04")


YAML_CASES = {
    "depth": ("answers:\n  b_count: " + "[" * 150 + "]" * 150 + "\n",
              # the document, answers:, then 150 lists
              "deep.yaml: its lists and mappings nest 152 levels, over the limit of 100 by 52; "
              + raise_it("depth", 152)),
    "aliases": ("x: &x 1\ny: [" + ", ".join(["*x"] * 10_001) + "]\n",
                "deep.yaml: it uses 10,001 aliases, over the limit of 10,000 by 1; "
                + raise_it("yaml_aliases", 10001)),
    "recursive": ("assessment: &a {firm: X, again: *a}\n",
                  "deep.yaml: line 1: an alias refers to the list or mapping it is inside"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_yaml_nesting_aliases_and_recursion_are_refused(tmp_path: Path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    text, line = YAML_CASES[case]
    (tmp_path / "deep.yaml").write_text(text, encoding="utf-8")
    result = invoke("score", "-q", Q, "-r", R, "deep.yaml")
    assert (result.exit_code, result.stderr) == (1, line + "\n")


def test_json_nested_past_what_python_reads_is_refused_by_depth(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deep.json").write_text('{"answers": ' + "[" * 5000 + "]" * 5000 + "}")
    result = invoke("score", "-q", Q, "-r", R, "deep.json")
    assert (result.exit_code, result.stderr) == (
        1,
        "deep.json: its lists and mappings nest 5,001 levels, over the limit of 100 by "
        f"4,901; {raise_it('depth', 5001)}\n",
    )


def test_a_logo_that_is_not_an_image_is_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logo.png").write_text("not an image")
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n")
    result = invoke("report", EXAMPLE, "--brand", "brand.yaml", "--out", "r.pdf")
    assert (result.exit_code, result.stderr) == (
        1,
        "brand.yaml: logo: logo.png: not an image that can be read (use PNG or JPEG)\n",
    )


def test_a_logo_within_the_raised_limit_renders_without_a_pillow_warning(
    tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    hostile.png(tmp_path / "logo.png", 6_000, 5_000)  # 30M pixels: over 25M, under Pillow's 89M
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n")
    result = invoke("report", EXAMPLE, "--brand", "brand.yaml", "--out", "r.pdf")
    assert result.exit_code == 1
    assert "a 6,000 x 5,000 image of 30,000,000 pixels" in result.stderr
    result = invoke(
        "--limit", "image_pixels=30000000", "report", EXAMPLE, "--brand", "brand.yaml",
        "--out", "r.pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_the_readme_lists_every_limit_with_its_default():
    import re

    from amc_assess.limits import LIMITS

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Limits on inputs", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([\d,]+) \|", section, flags=re.M)
    assert {name: int(default.replace(",", "")) for name, default in rows} == {
        name: spec.default for name, spec in LIMITS.items()
    }

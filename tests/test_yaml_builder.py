"""The YAML reader builds documents in the walk that checks their limits: the same data as
PyYAML's safe constructor (values, types, shared objects for aliases), the same errors."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from amc_assess import make_parsed, parsed_ahead, yamlio
from amc_assess.resources import default_questionnaire, default_rubric
from conftest import REPO

CHAIN = "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcde", "bcdef", strict=False)
)
DOCS = [
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "t: 2020-01-02\nu: 2020-01-02 10:00:00\nbin: !!binary aGVsbG8=\n",
    "n: 0x1F\nm: 0o17\nk: 1_000\ns: 1:30\nf: .inf\ng: -.Inf\nh: .nan\nb: yes\nc: True\nd: off\n",
    "a: 1\na: 2\nb: 3\n",
    "~: 1\nnull: 2\n1: a\n2.5: b\ntrue: c\n2020-01-01: d\n",
    "x: 'yes'\ny: \"1\"\nz: 1.5\nw: -3\nv: !!str 5\nu: !!float 1e3\nt: !!null ''\n",
    "x: &v 3\ny: *v\n- no",
    "- a\n- b: c\n  d: [1, {e: f}]\n",
    "",
    "# only a comment\n",
    "plain text",
    "[" * 50 + "]" * 50,
    # left to PyYAML (the same result or error through its constructor)
    "base: &b {k: 1, j: 2}\nd:\n  <<: *b\n  j: 3\n",
    "<<: [{a: 1}, {b: 2}]\nc: 3\n",
    "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\n",
    "x: !custom 5\n",
    "x: !!python/name:os.system\n",
    "? [1, 2]\n: v\n",
    "? {a: 1}\n: v\n",
    "x: !!int abc\n",
    "x: !!bool maybe\n",
    "k: !!binary bad!\n",
    "x: !!seq {a: 1}\ny: !!map [1]\nz: !!str [1]\n",
    "!!map {a: 1}",
    # over a limit, or an alias inside what it names
    "a: &a [*a]\n",
    "a: &a {b: *a}\n",
    "a: &a [x, x, x, x, x, x, x, x, x]\n" + CHAIN,
    "n: " + "9" * 5000 + "\n",
    "x: !!int abc\nn: " + "9" * 5000 + "\n",  # the limit is reported before the bad value
    "[" * 5000 + "]" * 5000,
]


def pyyaml(text: str, name: str) -> object:
    """What the reader gave before: the limits checked, then PyYAML's constructor."""
    loader = yamlio.SafeLoader12(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        yamlio.check_nodes(node, name)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def outcome(read, text: str) -> tuple[object, ...]:
    try:
        data = read(text, "doc.yaml")
    except Exception as exc:  # noqa: BLE001 - PyYAML's own errors too (ValueError for !!int abc)
        return ("error", type(exc).__name__, str(exc))
    return ("data", pickle.dumps(data))  # pickle keeps which objects are shared


def sources() -> list[Path]:
    folders = ["questionnaires", "rubrics", "examples", "tests/fixtures"]
    return sorted(p for f in folders for p in (REPO / f).rglob("*.y*ml"))


@pytest.mark.parametrize("text", DOCS, ids=range(len(DOCS)))
def test_a_document_reads_as_pyyaml_builds_it(text):
    assert outcome(yamlio._yaml, text) == outcome(pyyaml, text)


def test_every_yaml_file_shipped_or_tested_reads_as_pyyaml_builds_it():
    files = sources()
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert outcome(yamlio._yaml, text) == outcome(pyyaml, text), path


def test_plain_documents_never_reach_pyyamls_constructor(monkeypatch):
    calls: list[object] = []
    real = yamlio.SafeLoader12.construct_document
    monkeypatch.setattr(
        yamlio.SafeLoader12,
        "construct_document",
        lambda self, node: calls.append(node) or real(self, node),
    )
    data = yamlio._yaml("a: &x [1, 2.5, yes, 2020-01-02]\nb: *x\n", "doc.yaml")
    assert calls == [] and data["a"] is data["b"] and data["a"][2] == "yes"
    yamlio._yaml("s: !!set {a, b}\n", "doc.yaml")
    assert len(calls) == 1  # a set is left to PyYAML


def test_the_bundled_instruments_parsed_ahead_are_current():
    """``parsed/`` holds exactly one entry per bundled instrument, the data its YAML reads as
    now (run ``python -m amc_assess.make_parsed`` after editing one)."""
    made = make_parsed.entries()
    shipped = {p.name: p.read_bytes() for p in parsed_ahead.FOLDER.glob("*.pickle")}
    assert set(shipped) == set(made) and len(made) >= 4
    for name, entry in made.items():
        assert pickle.loads(shipped[name]) == pickle.loads(entry), name


def test_a_bundled_instrument_is_not_parsed_again_unless_its_text_or_limits_differ(
    tmp_path, monkeypatch
):
    parsed: list[str] = []
    real = yamlio.parse_yaml
    monkeypatch.setattr(yamlio, "parse_yaml", lambda t, n: parsed.append(n) or real(t, n))
    rubric = default_rubric()
    copy = tmp_path / "mine.yaml"
    copy.write_bytes(rubric.read_bytes())
    assert yamlio.read_data(rubric) == yamlio.read_data(copy) == real(rubric.read_text(), "r")
    assert parsed == []
    copy.write_text(rubric.read_text() + "# edited\n")
    yamlio.read_data(copy)
    assert parsed == [str(copy)]
    monkeypatch.setenv("AMC_LIMITS", "yaml_nodes=100")  # below the default: read afresh
    with pytest.raises(yamlio.FileError, match="over the limit of 100"):
        yamlio.read_data(rubric)


def test_a_damaged_entry_is_parsed_as_before(tmp_path, monkeypatch):
    text = default_questionnaire().read_text(encoding="utf-8-sig")
    (tmp_path / parsed_ahead.name_of(text)).write_bytes(b"not a pickle")
    monkeypatch.setattr(parsed_ahead, "FOLDER", tmp_path)
    assert parsed_ahead.lookup(text) == (False, None)
    assert yamlio._yaml(text, "q.yaml") == yamlio.parse_yaml(text, "q.yaml")


@pytest.mark.parametrize(
    ("text", "line", "key", "first"),
    [("a: 1\nb: 2\na: 3\n", 3, "a", 1),
     ("x:\n  w: 1\n  y: 2\n  w: 0\n", 4, "w", 2),
     ("x: [{k: 1, k: 2}]\n", 1, "k", 1),
     ("'a': 1\n\"a\": 2\n", 2, "a", 1),
     ("? !!str a\n: 1\na: 2\n", 3, "a", 1),
     ("1: a\n0x1: b\n", 2, "0x1", 1),
     ("1: a\ntrue: b\n", 2, "true", 1)],  # one key in Python: True == 1
)  # fmt: skip
def test_a_key_given_twice_is_one_line_naming_both_lines(text, line, key, first):
    """PyYAML keeps the last value of a key given twice: a weight, answer or threshold
    was replaced without a word."""
    with pytest.raises(yamlio.FileError) as caught:
        yamlio.parse_yaml(text, "r.yaml")
    assert str(caught.value) == (
        f"r.yaml: line {line}: duplicate key {key!r} (given first at line {first}); "
        "give each key once"
    )


def test_keys_that_differ_as_values_are_not_duplicates():
    data = yamlio.parse_yaml("1: a\n'1': b\n'true': d\nbase: &b {k: 1}\nd: {<<: *b, k: 2}\n", "x")
    assert data == {1: "a", "1": "b", "true": "d", "base": {"k": 1}, "d": {"k": 2}}


def test_a_key_given_twice_in_json_is_refused(tmp_path: Path):
    path = tmp_path / "r.json"
    path.write_text('{"answers": {"a": 1, "a": 2}}', encoding="utf-8")
    with pytest.raises(yamlio.FileError) as caught:
        yamlio.read_data(path)
    assert str(caught.value) == f"{path}: duplicate key 'a' in an object; give each key once"


def test_a_file_saved_in_latin_1_is_one_line_naming_line_and_column(tmp_path: Path):
    """It said 'byte b'\\xe8' at 16707': an offset no editor shows."""
    path = tmp_path / "q.yaml"
    path.write_bytes("id: x\ntitle: Qualit\u00e9\n".encode("latin-1"))
    with pytest.raises(yamlio.FileError) as caught:
        yamlio.read_data(path)
    assert str(caught.value) == (
        f"{path}: line 2, column 14: not UTF-8 text (byte 0xE9; saved as Latin-1 or "
        "Windows-1252?): save the file as UTF-8"
    )

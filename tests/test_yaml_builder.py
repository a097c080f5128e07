"""The YAML reader builds documents in the walk that checks their limits: the same data as
PyYAML's safe constructor (values, types, shared objects for aliases), the same errors."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from amc_assess import yamlio
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

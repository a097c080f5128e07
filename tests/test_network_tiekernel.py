"""The audit's kernel without numpy (amc_assess.network.tiekernel): C merges the ties into the
arrays numpy's tie_edges makes, to the bit, and the kernel's sums from them are numpy's path's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from amc_assess import native
from amc_assess.network import analyze, betweenness, brandes, read_ties, tiekernel
from amc_assess.network.betweenness import sources
from amc_assess.network.graph import LCM, build
from amc_assess.network.reader import Ties
from test_network import KEY_CONTACT, seed001_ties, write_ties
from test_network_betweenness import structured, ties_of


def library():
    lib = tiekernel.library()
    if lib is None:
        pytest.fail("no C compiler here: the C kernels cannot be tested")
    return lib


def assert_merged_as_numpy(data: Ties, as_built: bool = True) -> None:
    """merge gives tie_edges' ties and their adjacency; graph gives build's graph (where
    ``as_built``: build takes a pair named thrice otherwise, which no reader lets through)."""
    names = list(data.people)
    edges = brandes.tie_edges(data, {name: i for i, name in enumerate(names)})
    merged = tiekernel.merge(library(), data, names)
    assert merged.first.tolist() == edges.first.tolist()
    assert merged.second.tolist() == edges.second.tolist()
    assert merged.namings.tolist() == edges.namings.tolist()
    assert merged.strength.tolist() == edges.strength.tolist()  # to the bit
    assert merged.length.tolist() == (LCM * edges.namings // (2 * edges.ratings)).tolist()
    indptr, indices, lengths = edges.arrays(len(names))
    used = 2 * len(merged.first)
    assert merged.indptr.tolist() == indptr.tolist()
    assert merged.indices.tolist()[:used] == indices.tolist()
    assert merged.lengths.tolist()[:used] == lengths.tolist()
    if not as_built:
        return
    want, got = build(data), tiekernel.graph(data, names, merged)
    assert [tuple(map(type, e)) for e in got.edges] == [tuple(map(type, e)) for e in want.edges]
    assert got.edges == want.edges
    assert [(v, list(on.items())) for v, on in got.adj.items()] == [
        (v, list(on.items())) for v, on in want.adj.items()
    ]


@settings(max_examples=60, deadline=None)
@given(network=structured())
def test_merged_as_numpy_merges(network) -> None:
    assert_merged_as_numpy(ties_of(*network))  # people not in name order: P10 after P9


def test_merged_as_numpy_merges_a_clean_table_and_pairs_named_thrice(tmp_path: Path) -> None:
    assert_merged_as_numpy(read_ties([write_ties(tmp_path / "t.csv", seed001_ties(),
                                                 keys={KEY_CONTACT})]))  # fmt: skip
    thrice = [("A", "B", (1, 2, 3)), ("B", "A", (5, 5, 4)), ("A", "B", (2, 2, 2))]
    named = [*thrice, ("C", "A", (3, 3, 3)), ("C", "C", (1, 1, 1))]
    assert_merged_as_numpy(ties_of(named), as_built=False)
    assert_merged_as_numpy(ties_of(named[3:]))
    assert_merged_as_numpy(ties_of([]))


@pytest.mark.parametrize("sample", [None, 70])
@pytest.mark.parametrize("threads", ["1", "2", "3"])
def test_sums_as_numpys_path_to_the_bit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: int | None, threads: str
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from network_bench import generate

    generate(tmp_path / "t.csv", 400, 6, seed=11)
    data = read_ties([tmp_path / "t.csv"])
    names = list(data.people)
    picked = sources(names, sample)
    monkeypatch.setenv(native.THREADS_ENV, threads)
    edges = brandes.tie_edges(data, {name: i for i, name in enumerate(names)})
    want = brandes.start_sums(edges, names, picked)()
    summed, graph = tiekernel.start(library(), data, names, picked)
    got = summed()
    assert isinstance(got, list) and np.array_equal(np.array(got), want) and max(got) > 0
    assert graph.edges == build(data).edges


def test_the_library_only_where_no_other_kernels_are_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for mode in ("python", "numba"):
        monkeypatch.setenv("AMC_KERNELS", mode)
        assert tiekernel.library() is None
    monkeypatch.setenv("AMC_KERNELS", "c")
    assert tiekernel.library() is native.library() is not None


def test_the_audit_loads_no_numpy_and_starts_no_process(tmp_path: Path) -> None:
    library()  # compiled (once per machine: a compiler runs then)
    path = write_ties(tmp_path / "t.csv", seed001_ties(), keys={KEY_CONTACT})
    code = (
        "import sys\n"
        "from amc_assess.network import analyze, betweenness, read_ties\n"
        "betweenness.COMPILED_FROM = 3\n"
        f"result = analyze(read_ties([{str(path)!r}]))\n"
        "assert result.top_betweenness\n"
        "assert 'numpy' not in sys.modules, 'the audit loads numpy'\n"
        "assert 'subprocess' not in sys.modules, 'the audit may start a process'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_audit_without_the_library_merges_by_numpy_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from network_bench import generate

    generate(tmp_path / "t.csv", 300, 6, seed=4)
    data = read_ties([tmp_path / "t.csv"])
    monkeypatch.setattr(betweenness, "COMPILED_FROM", 3)  # the kernel at 300 people
    direct = analyze(data)
    started: list[object] = []
    real = brandes.start_sums
    monkeypatch.setattr(brandes, "start_sums", lambda *a: started.append(a[0]) or real(*a))
    monkeypatch.setattr(tiekernel, "library", lambda: None)  # as where C is not compiled
    by_numpy = analyze(data)
    assert len(started) == 1 and isinstance(started[0], brandes.TieEdges)
    assert direct.top_betweenness and direct.model_dump_json() == by_numpy.model_dump_json()

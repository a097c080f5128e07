"""Betweenness through igraph (issue 14, item 5): the same figures as networkx's.

networkx is the reference: with exact integer path lengths (edge attribute ``length``) its
``==`` sees every tie between equally short paths, and igraph's figures equal its figures to
1e-9 on random weighted networks, exact and sampled, and on the seed-001-like network. With
today's float path lengths (``distance`` = 1/strength) networkx misses some ties: the
triangles below are the smallest cases, and there the exact answer is igraph's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amc_assess.network import analysis, analyze, brandes, read_ties
from amc_assess.network import betweenness as betweenness_module
from amc_assess.network.betweenness import betweenness
from amc_assess.network.graph import LCM, Graph, build
from amc_assess.network.reader import Person, Tie, TieRows, Ties
from amc_assess.network.reference import betweenness as nx_betweenness
from amc_assess.network.reference import build_graph
from test_network import KEY_CONTACT, seed001_ties, write_ties

NX_SAMPLING = tuple(int(p) for p in nx.__version__.split(".")[:2]) >= (3, 6)

Named = tuple[str, str, tuple[int, int, int]]


def ties_of(named: list[Named], sides: dict[str, str] | None = None) -> Ties:
    """Validated-looking ties from (respondent, contact, ratings) rows."""
    names = sorted({n for a, b, _ in named for n in (a, b)}, key=lambda n: (len(n), n))
    sides = sides or {}
    people = {n: Person(n, sides.get(n, "own"), "middle", "x") for n in names}
    ties = [Tie(a, b, *r, where=f"t.csv: row {i + 2}") for i, (a, b, r) in enumerate(named)]
    return Ties(people, ties, {a for a, _, _ in named}, ["t.csv"])


def ranking(values: dict[str, float]) -> list[str]:
    return sorted(values, key=lambda v: (-float(f"{values[v]:.10g}"), v))


def assert_same(ours: dict[str, float], reference: dict[str, float]) -> None:
    assert ours.keys() == reference.keys()
    for name in ours:
        assert ours[name] == pytest.approx(reference[name], abs=1e-9, rel=1e-9), name
    assert ranking(ours) == ranking(reference)


# --- ties between equally short paths ----------------------------------------------------

# A-B-C and A-C are equally long (exactly), but not as floats: 1/2 + 1/4 = 0.75 and
# 1/((1 + 5/3)/2) = 0.7499999999999999; 3/7 + 3/7 = 0.8571428571428571 and 6/7 =
# 0.8571428571428572. B lies on one of the two shortest A-C paths: betweenness 1/2.
TRIANGLES = [
    [("A", "B", (2, 2, 2)), ("B", "C", (4, 4, 4)), ("A", "C", (1, 1, 1)), ("C", "A", (1, 2, 2))],
    [("A", "B", (2, 2, 3)), ("B", "C", (2, 2, 3)), ("A", "C", (1, 1, 1)), ("C", "A", (1, 1, 2))],
]


@pytest.mark.parametrize("named", TRIANGLES)
def test_equally_short_paths_share_the_pair(named: list[Named]) -> None:
    data = ties_of(named)
    assert betweenness(build(data)) == {"A": 0.0, "B": 0.5, "C": 0.0}
    graph = build_graph(data)
    assert nx_betweenness(graph, weight="length")["B"] == 0.5  # exact lengths: the same
    assert nx_betweenness(graph, weight="distance")["B"] in (0.0, 1.0)  # floats: one path only


def _ratings(total: int) -> tuple[int, int, int]:
    first = min(5, total - 2)
    second = min(5, total - first - 1)
    return first, second, total - first - second


def test_exact_lengths_are_whole_numbers_proportional_to_one_over_strength() -> None:
    named = [(f"P{r}", "Q", _ratings(r)) for r in range(3, 16)]
    named += [("Q", f"P{r}", _ratings(s)) for r, s in ((3, 15), (7, 8), (15, 15), (11, 4))]
    edges = build(ties_of(named)).edges
    assert len(edges) == 13 and sum(e.confirmed for e in edges) == 4
    for edge in edges:
        sixths = round(6 * edge.strength)
        assert 6 * edge.strength == pytest.approx(sixths, abs=1e-9)
        assert edge.distance * sixths == LCM  # 1/strength = 6/T, times LCM/6
    assert 5000 * max(e.distance for e in edges) <= 2**53  # paths of 5,000 ties stay exact


# --- the seed-001-like network -------------------------------------------------------------


def test_seed001_as_networkx_with_exact_lengths(tmp_path: Path) -> None:
    data = read_ties([write_ties(tmp_path / "t.csv", seed001_ties(), keys={KEY_CONTACT})])
    ours = betweenness(build(data))
    assert_same(ours, nx_betweenness(build_graph(data), weight="length"))
    # against today's float lengths: the same brokers in the same order; values differ
    # only where networkx dropped one of two equally short paths
    today = nx_betweenness(build_graph(data), weight="distance")
    assert ranking(ours)[:5] == ranking(today)[:5] == ["O_M1", "A_M1", "A_O7", "O_O3", "O_O1"]
    assert max(abs(ours[v] - today[v]) for v in ours) < 0.002


def test_engines_agree_on_everything_but_float_ties(tmp_path: Path) -> None:
    data = read_ties([write_ties(tmp_path / "t.csv", seed001_ties(), keys={KEY_CONTACT})])
    ours = analyze(data).model_dump()
    reference = analyze(data, engine="networkx").model_dump()
    for result in (ours, reference):
        for person in result["persons"]:
            person.pop("betweenness")
        result.pop("top_betweenness")
    assert ours == reference
    with pytest.raises(ValueError, match="engine 'graph-tool'"):
        analyze(data, engine="graph-tool")


# --- random weighted networks --------------------------------------------------------------

RATINGS = st.tuples(*[st.integers(1, 5)] * 3)


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[Named], dict[str, str]]:
    """Random people and ties; few distinct ratings (many equally short paths), some named
    back, sometimes more than one connected group."""
    n = draw(st.integers(3, 24))
    names = [f"P{i}" for i in range(n)]
    palette = draw(st.lists(RATINGS, min_size=1, max_size=4))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            min_size=1,
            max_size=3 * n,
            unique_by=lambda p: (min(p), max(p)),
        )
    )
    named: list[Named] = []
    for a, b in pairs:
        named.append((names[a], names[b], draw(st.sampled_from(palette))))
        if draw(st.booleans()):
            named.append((names[b], names[a], draw(st.sampled_from(palette))))
    sides = {name: draw(st.sampled_from(("own", "partner"))) for name in names}
    return named, sides


@settings(max_examples=150, deadline=None)
@given(networks())
def test_random_networks_as_networkx_with_exact_lengths(network) -> None:
    data = ties_of(*network)
    assert_same(betweenness(build(data)), nx_betweenness(build_graph(data), weight="length"))


@pytest.mark.skipif(not NX_SAMPLING, reason="networkx < 3.6 scales sampled figures otherwise")
@settings(max_examples=60, deadline=None)
@given(networks(), st.integers(1, 30))
def test_random_networks_sampled_as_networkx(network, sample: int) -> None:
    data = ties_of(*network)
    graph = build(data)
    k = min(sample, len(graph.adj))
    reference = nx_betweenness(build_graph(data), k, weight="length")
    if k == 1:  # networkx: NaN for the lone source; here it has no estimate of its own, 0
        reference = {v: 0.0 if b != b else b for v, b in reference.items()}
    assert_same(betweenness(graph, k), reference)


def test_generated_network_as_networkx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from network_bench import generate

    generate(tmp_path / "t.csv", 300, 6, seed=3)
    data = read_ties([tmp_path / "t.csv"])
    assert_same(betweenness(build(data)), nx_betweenness(build_graph(data), weight="length"))
    result = analyze(data, exact_limit=100, sample=40)
    assert result.betweenness_sample == 40
    if NX_SAMPLING:
        reference = nx_betweenness(build_graph(data), 40, weight="length")
        by_name = {p.name: p.betweenness for p in result.persons}
        assert by_name == {v: round(b, 4) for v, b in reference.items()}


# --- what loads ----------------------------------------------------------------------------


def test_the_audit_loads_igraph_not_networkx(tmp_path: Path) -> None:
    path = write_ties(tmp_path / "t.csv", seed001_ties(), keys={KEY_CONTACT})
    code = (
        "import sys\n"
        "from amc_assess.network import read_ties, analyze\n"
        f"data = read_ties([{str(path)!r}])\n"
        "assert 'igraph' not in sys.modules, 'read_ties loads igraph'\n"
        "analyze(data)\n"
        "assert 'igraph' in sys.modules\n"
        "assert 'networkx' not in sys.modules, 'the audit loads networkx'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.mark.slow
def test_the_benchmark_runs_both_paths_side_by_side() -> None:
    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "network_bench.py"
    args = ["--people", "60", "--contacts", "3", "--rounds", "1"]
    run = subprocess.run([sys.executable, str(bench), *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "ratio networkx / ours: " in run.stdout
    assert "n=1" in run.stdout and "aim: ours <= 1.5 s: " in run.stdout
    assert "betweenness exact" in run.stdout


def test_two_and_three_people() -> None:
    pair = ties_of([("A", "B", (3, 3, 3))])
    assert betweenness(build(pair)) == {"A": 0.0, "B": 0.0}
    line = ties_of([("A", "B", (3, 3, 3)), ("B", "C", (1, 1, 1))])
    assert betweenness(build(line)) == {"A": 0.0, "B": 1.0, "C": 0.0}
    if NX_SAMPLING:
        assert betweenness(build(line), sample=2) == nx_betweenness(build_graph(line), 2)


# --- the bucket-queue kernel (amc_assess.network.brandes) ----------------------------------


@st.composite
def structured(draw: st.DrawFn) -> tuple[list[Named], dict[str, str]]:
    """A random network plus what exact reductions would exploit: pendant trees hanging off
    it, twins (people with the same ties, rated alike) and a separate group."""
    named, sides = draw(networks())
    people = sorted({n for a, b, _ in named for n in (a, b)})
    palette = draw(st.lists(RATINGS, min_size=1, max_size=3))
    extra = 0

    def new() -> str:
        nonlocal extra
        extra += 1
        return f"X{extra}"

    for _ in range(draw(st.integers(0, 3))):  # pendant trees
        parent = draw(st.sampled_from(people))
        tree = [parent]
        for _ in range(draw(st.integers(1, 5))):
            child = new()
            named.append((draw(st.sampled_from(tree)), child, draw(st.sampled_from(palette))))
            tree.append(child)
    for _ in range(draw(st.integers(0, 2))):  # twins of somebody
        original = draw(st.sampled_from(people))
        twin = new()
        named += [
            (twin if a == original else a, twin if b == original else b, r)
            for a, b, r in list(named)
            if original in (a, b)
        ]
    if draw(st.booleans()):  # another group: a path with equal ties (equally short paths)
        group = [new() for _ in range(draw(st.integers(2, 5)))]
        rating = draw(st.sampled_from(palette))
        named += [(a, b, rating) for a, b in zip(group, group[1:], strict=False)]
        named.append((group[0], group[-1], rating))
    return named, sides


@pytest.mark.parametrize("mode", ["python", "c", "numba"])
@settings(max_examples=60, deadline=None)
@given(network=structured())
def test_kernel_as_networkx_with_exact_lengths(mode: str, network) -> None:
    data = ties_of(*network)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AMC_KERNELS", mode)
        ours = betweenness(build(data), compiled_from=3)
    assert_same(ours, nx_betweenness(build_graph(data), weight="length"))


@pytest.mark.skipif(not NX_SAMPLING, reason="networkx < 3.6 scales sampled figures otherwise")
@settings(max_examples=30, deadline=None)
@given(structured(), st.integers(1, 30))
def test_kernel_sampled_as_networkx(network, sample: int) -> None:
    data = ties_of(*network)
    graph = build(data)
    k = min(sample, len(graph.adj))
    reference = nx_betweenness(build_graph(data), k, weight="length")
    if k == 1:
        reference = {v: 0.0 if b != b else b for v, b in reference.items()}
    assert_same(betweenness(graph, k, compiled_from=3), reference)


def test_kernel_as_igraph_on_a_generated_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from network_bench import generate

    generate(tmp_path / "t.csv", 1200, 8, seed=5)
    graph = build(read_ties([tmp_path / "t.csv"]))
    ours = betweenness(graph, compiled_from=3)
    assert_same(ours, betweenness(graph, compiled_from=10**9))
    assert_same(
        betweenness(graph, 50, compiled_from=3), betweenness(graph, 50, compiled_from=10**9)
    )


# --- the kernel's arrays straight from the tie rows (before the graph is built) -----------


def assert_graphs_alike(data: Ties) -> None:
    """tie_edges and tie_graph give build's graph, and its arrays, exactly."""
    names = list(data.people)
    index = {name: i for i, name in enumerate(names)}
    want = build(data)
    edges = brandes.tie_edges(data, index)
    made = brandes.tie_arrays(data, index)
    for wanted, got in zip(brandes.arrays(want, index), made, strict=True):
        assert got.dtype == wanted.dtype
        assert got.tolist() == wanted.tolist()
    graph = brandes.tie_graph(data, names, edges)
    assert graph.people == want.people
    assert [tuple(map(type, e)) for e in graph.edges] == [tuple(map(type, e)) for e in want.edges]
    assert graph.edges == want.edges  # strengths to the bit, in the order first named
    assert [(v, list(on.items())) for v, on in graph.adj.items()] == [
        (v, list(on.items())) for v, on in want.adj.items()
    ]


@settings(max_examples=60, deadline=None)
@given(network=structured())
def test_tie_edges_are_the_graphs(network) -> None:
    assert_graphs_alike(ties_of(*network))  # people not in name order: P10 comes after P9


def test_tie_edges_of_a_clean_table_are_the_graphs(tmp_path: Path) -> None:
    path = write_ties(tmp_path / "t.csv", seed001_ties(), keys={KEY_CONTACT})
    data = read_ties([path])
    assert isinstance(data.ties, TieRows)  # the columns, no Tie made
    assert_graphs_alike(data)


@pytest.mark.parametrize("sample", [None, 40])
def test_the_audit_starts_the_kernel_from_the_ties_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample: int | None
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from network_bench import generate

    generate(tmp_path / "t.csv", 300, 6, seed=3)
    data = read_ties([tmp_path / "t.csv"])
    limit = 100 if sample else 10**6
    monkeypatch.setattr(betweenness_module, "COMPILED_FROM", 3)  # the kernel at 300 people
    started: list[object] = []
    real = analysis.start_ties, analysis.start
    monkeypatch.setattr(analysis, "start_ties", lambda d, k: started.append(d) or real[0](d, k))
    monkeypatch.setattr(analysis, "start", lambda g, k: started.append(g) or real[1](g, k))
    early = analyze(data, exact_limit=limit, sample=sample or 100)
    assert started == [data]  # from the ties, before the graph
    monkeypatch.setattr(analysis, "compiled", lambda n: False)  # as before: from the graph
    late = analyze(data, exact_limit=limit, sample=sample or 100)
    assert isinstance(started[1], Graph)
    assert early.betweenness_sample == sample and early.top_betweenness
    assert early.model_dump_json() == late.model_dump_json()


def test_the_audit_of_two_people_needs_no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(betweenness_module, "COMPILED_FROM", 1)
    result = analyze(ties_of([("A", "B", (3, 3, 3))]))
    assert [p.betweenness for p in result.persons] == [0.0, 0.0] and not result.top_betweenness

"""The relationship audit (issue 7 core): ties CSV validation, the analysis, ``amc network``.

The synthetic network mirrors seed 001 (Hutt et al.): 22 managers of one partner ("own",
Alpha) and 20 of the other ("partner", Omega); boundary spanners mostly operational, two at
the middle level; Alpha's senior executives peripheral with weak ties, Omega's involved; one
key contact on the Omega side whose departure cuts a group of four off the network.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from amc_assess.loading import InvalidInput
from amc_assess.network import analyze, audit, build_graph, read_ties, render
from amc_assess.network.analysis import cut_points
from amc_assess.network.ties import COLUMNS, OPTIONAL
from conftest import invoke

STRONG, STRONG_BACK, WEAK = (5, 4, 4), (4, 4, 4), (2, 2, 1)


def _people() -> dict[str, tuple[str, str, str]]:
    people = {f"A_S{i}": ("own", "senior", "general management") for i in (1, 2, 3)}
    people |= {f"A_M{i}": ("own", "middle", "marketing") for i in range(1, 6)}
    people |= {f"A_O{i}": ("own", "operational", "marketing") for i in range(1, 9)}
    people |= {f"A_O{i}": ("own", "operational", "customer service") for i in range(9, 15)}
    people |= {f"O_S{i}": ("partner", "senior", "marketing") for i in (1, 2)}
    people |= {f"O_M{i}": ("partner", "middle", "marketing") for i in range(1, 6)}
    people |= {f"O_O{i}": ("partner", "operational", "marketing") for i in range(1, 10)}
    people |= {f"O_O{i}": ("partner", "operational", "customer service") for i in range(10, 14)}
    return people


def _circulant(names: list[str]) -> list[tuple[str, str]]:
    """Each person tied to the next two around a circle: 2-connected, every degree 4."""
    n = len(names)
    return [(names[i], names[(i + d) % n]) for i in range(n) for d in (1, 2)]


ALPHA_CORE = [f"A_M{i}" for i in range(1, 6)] + [f"A_O{i}" for i in range(1, 9)]
OMEGA_MAIN = ["O_S1", "O_S2"] + [f"O_M{i}" for i in range(1, 6)] + [f"O_O{i}" for i in range(1, 10)]
CUT_GROUP = [f"O_O{i}" for i in range(10, 14)]
KEY_CONTACT = "O_M1"
ALPHA_SPANNERS = ["A_M1"] + [f"A_O{i}" for i in range(1, 7)]
OMEGA_SPANNERS = ["O_M1", "O_O1", "O_O2", "O_O3"]
PERIPHERAL = ["A_S1", "A_S2", "A_S3"] + [f"A_O{i}" for i in range(9, 15)]
SILENT = {"A_S2", "A_S3"}  # named by others, never answered


def seed001_ties() -> list[tuple[str, str, tuple[int, int, int]]]:
    strong = (
        _circulant(ALPHA_CORE)
        + _circulant(OMEGA_MAIN)
        + list(zip(CUT_GROUP, CUT_GROUP[1:] + CUT_GROUP[:1], strict=True))
    )
    strong += [(KEY_CONTACT, "O_O10"), (KEY_CONTACT, "O_O11")]
    strong += [("A_M1", "O_M1"), ("A_O1", "O_O1"), ("A_O2", "O_O2"), ("A_O3", "O_O3")]
    strong += [("A_O4", "O_O1"), ("A_O5", "O_O2"), ("A_O6", "O_O3")]
    weak = [("A_S1", "A_M2"), ("A_S1", "A_M3"), ("A_S1", "O_S1")]
    weak += [("A_M4", "A_S2"), ("A_M5", "A_S2"), ("A_M2", "A_S3"), ("A_O7", "A_S3")]
    weak += [(f"A_O{i}", f"A_O{j}") for i, j in zip(range(9, 15), (1, 2, 3, 4, 5, 6), strict=True)]
    weak += [(f"A_O{i}", f"A_O{j}") for i, j in zip(range(9, 15), (7, 8, 7, 8, 7, 8), strict=True)]
    rows = []
    for k, (a, b) in enumerate(strong):
        rows.append((a, b, STRONG))
        if k % 2 == 0:  # every other strong tie is named by both people
            rows.append((b, a, STRONG_BACK))
    rows += [(a, b, WEAK) for a, b in weak]
    return rows


def write_ties(path: Path, rows, people=None, keys=()) -> Path:
    """Ties CSV; ``keys``: designated key contacts (adds the optional key-contact columns)."""
    people = people or _people()
    flag = {True: "yes", False: ""}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS + (OPTIONAL if keys else ()))
        for a, b, ratings in rows:
            extra = [flag[a in keys], flag[b in keys]] if keys else []
            out.writerow([a, *people[a], b, *people[b], *ratings, *extra])
    return path


def write_raw(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([",".join(COLUMNS), *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def seed001(tmp_path: Path) -> Path:
    return write_ties(tmp_path / "ties.csv", seed001_ties(), keys={KEY_CONTACT})


def test_seed001_people_and_ties(seed001: Path) -> None:
    rows = seed001_ties()
    result = audit([seed001])
    assert result.people == 42
    assert result.people_by_side == {"own": 22, "partner": 20}
    answered = {a for a, _, _ in rows}
    assert result.respondents == len(answered)
    assert not SILENT & answered
    assert {p.name for p in result.persons if not p.respondent} >= SILENT
    pairs = {frozenset((a, b)) for a, b, _ in rows}
    assert result.ties == len(pairs)
    assert result.confirmed_ties == len(rows) - len(pairs)
    assert result.components == 1


def test_seed001_core_periphery_and_senior_executives(seed001: Path) -> None:
    result = audit([seed001])
    assert result.peripheral == sorted(PERIPHERAL)
    assert result.core == sorted(ALPHA_CORE + OMEGA_MAIN + CUT_GROUP)
    # Alpha's senior executives are peripheral with weak ties; Omega's are involved (core).
    assert result.weak_seniors == ["A_S1", "A_S2", "A_S3"]
    assert {"O_S1", "O_S2"} <= set(result.core)


def test_seed001_boundary_spanners_mostly_operational(seed001: Path) -> None:
    result = audit([seed001])
    assert result.boundary_spanners == sorted(ALPHA_SPANNERS + OMEGA_SPANNERS)
    assert result.spanners_by_level == {"senior": 0, "middle": 2, "operational": 9}


def test_seed001_level_coverage(seed001: Path) -> None:
    coverage = {c.level: c for c in audit([seed001]).coverage}
    senior, middle, operational = coverage["senior"], coverage["middle"], coverage["operational"]
    assert (senior.present, senior.ties, senior.strong_ties) == (True, 1, 0)
    assert senior.mean_strength == round(5 / 3, 2)
    assert (middle.ties, middle.strong_ties, middle.mean_strength) == (1, 1, round(25 / 6, 2))
    assert (operational.ties, operational.strong_ties) == (6, 6)


def test_seed001_key_contact_is_the_only_cut_point(seed001: Path) -> None:
    result = audit([seed001])
    assert [(c.name, c.side, c.level, c.cut_off) for c in result.articulation_points] == [
        (KEY_CONTACT, "partner", "middle", 4)
    ]
    assert result.top_betweenness[0].name == KEY_CONTACT


def test_seed001_key_contact_designated_on_one_side(seed001: Path) -> None:
    result = audit([seed001])
    own, partner = result.channels
    assert (own.side, own.key_contacts, partner.key_contacts) == ("own", [], [KEY_CONTACT])
    # Alpha lets many people deal with Omega; Omega's contacts run through fewer people
    assert own.with_partner_ties == 8 and partner.with_partner_ties == 5
    [key] = result.key_contacts
    assert (key.name, key.side, key.level, key.partner_ties) == (
        KEY_CONTACT,
        "partner",
        "middle",
        1,
    )
    assert key.channel_share == round(1 / 8, 4)
    assert key.boundary_spanner and key.cut_off == 4
    assert [p.name for p in result.persons if p.key_contact] == [KEY_CONTACT]


def test_key_contact_column_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    head = ",".join(COLUMNS + OPTIONAL)
    path.write_text(
        f"{head}\n{GOOD},3,3,3,maybe,\nCy,own,middle,x,Bob,,,,3,3,3,,no\n"
        f"Bob,partner,middle,marketing,Ann,,,,3,3,3,yes,\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as info:
        read_ties([path])
    assert info.value.errors == [
        f"{path}: row 2: respondent_key_contact: 'maybe' is not yes or no",
        f"{path}: row 4: respondent_key_contact: 'Bob' is 'yes' here but 'no' in row 3",
    ]


def test_seed001_density(seed001: Path) -> None:
    graph = build_graph(read_ties([seed001]))
    side = {n: d["side"] for n, d in graph.nodes(data=True)}
    own = sum(side[a] == side[b] == "own" for a, b in graph.edges())
    partner = sum(side[a] == side[b] == "partner" for a, b in graph.edges())
    across = graph.number_of_edges() - own - partner
    density = audit([seed001]).density
    assert density.own == round(own / (22 * 21 / 2), 4)
    assert density.partner == round(partner / (20 * 19 / 2), 4)
    assert density.across == round(across / (22 * 20), 4)
    assert across == 8


def test_confirmed_tie_merges_the_two_strengths(tmp_path: Path) -> None:
    path = write_ties(tmp_path / "t.csv", [("A_M1", "O_M1", STRONG), ("O_M1", "A_M1", WEAK)])
    graph = build_graph(read_ties([path]))
    edge = graph.edges["A_M1", "O_M1"]
    assert edge["confirmed"] is True
    assert edge["strength"] == pytest.approx((13 / 3 + 5 / 3) / 2)


def test_render_table_names_the_findings(seed001: Path) -> None:
    text = render(audit([seed001]))
    assert "Boundary spanners (11): senior 0, middle 2, operational 9" in text
    assert "Senior executives with weak ties (3): A_S1 (own), A_S2 (own), A_S3 (own)" in text
    assert "  O_M1 (partner, middle): 4 cut off" in text
    assert "  senior           1       0   1.67" in text


def test_cut_points_count_the_people_cut_off() -> None:
    import networkx as nx

    graph = nx.path_graph(5)  # 0-1-2-3-4
    graph.add_edge(10, 11)
    assert cut_points(graph) == {1: 1, 2: 2, 3: 1}
    star = nx.star_graph(3)
    assert cut_points(star) == {0: 2}


def test_large_network_uses_sampled_betweenness(tmp_path: Path) -> None:
    people = {f"P{i}": ("own" if i % 2 else "partner", "operational", "x") for i in range(30)}
    rows = [(f"P{i}", f"P{(i + 1) % 30}", STRONG) for i in range(30)]
    data = read_ties([write_ties(tmp_path / "t.csv", rows, people)])
    result = analyze(data, exact_limit=10, sample=5)
    assert result.betweenness_sample == 5
    assert result.articulation_points == []
    assert analyze(data).betweenness_sample is None


# --- bad input: one exact line per problem, nothing dropped -------------------------------

GOOD = "Ann,own,middle,marketing,Bob,partner,middle,marketing"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"{GOOD},6,3,3", "row 2: frequency: 6 is out of range (expected 1..5)"),
        (f"{GOOD},3,0,3", "row 2: importance: 0 is out of range (expected 1..5)"),
        (f"{GOOD},3,3,x", "row 2: closeness: 'x' is not a number (expected a whole number 1..5)"),
        (f"{GOOD},2.5,3,3", "row 2: frequency: '2.5' is not a whole number (expected 1..5)"),
        (f"{GOOD},3,,3", "row 2: importance: missing value"),
        (
            "Ann,own,,marketing,Bob,partner,middle,marketing,3,3,3",
            "row 2: respondent_level: missing value",
        ),
        (
            ",own,middle,marketing,Bob,partner,middle,marketing,3,3,3",
            "row 2: respondent: missing value",
        ),
        (
            "Ann,own,middle,marketing,,partner,middle,marketing,3,3,3",
            "row 2: contact: missing value",
        ),
        (
            "Ann,ours,middle,marketing,Bob,partner,middle,marketing,3,3,3",
            "row 2: respondent_side: 'ours' is not one of own, partner",
        ),
        (
            "Ann,own,boss,marketing,Bob,partner,middle,marketing,3,3,3",
            "row 2: respondent_level: 'boss' is not one of senior, middle, operational",
        ),
        (
            "Ann,own,middle,marketing,Ann,own,middle,marketing,3,3,3",
            "row 2: contact: 'Ann' names themselves (self-tie)",
        ),
        (
            "Ann,own,middle,marketing,Zed,,,,3,3,3",
            "row 2: contact_side: unknown person 'Zed': side and level not given in any row",
        ),
        (
            "Ann,own,middle,marketing,Zed,own,,,3,3,3",
            "row 2: contact_level: unknown person 'Zed': level not given in any row",
        ),
    ],
)
def test_each_bad_row_gives_one_exact_line(tmp_path: Path, line: str, expected: str) -> None:
    path = write_raw(tmp_path / "t.csv", [line])
    with pytest.raises(InvalidInput) as info:
        read_ties([path])
    assert info.value.errors == [f"{path}: {expected}"]


def test_duplicate_and_conflicting_ties(tmp_path: Path) -> None:
    path = write_raw(
        tmp_path / "t.csv",
        [
            f"{GOOD},3,3,3",
            f"{GOOD},4,4,4",
            "Cy,own,operational,marketing,Bob,own,middle,marketing,3,3,3",
            "Bob,partner,senior,Sales,Ann,,,,3,3,3",
        ],
    )
    with pytest.raises(InvalidInput) as info:
        read_ties([path])
    assert info.value.errors == [
        f"{path}: row 3: contact: duplicate tie 'Ann' -> 'Bob' (first given in row 2)",
        f"{path}: row 4: contact_side: 'Bob' is 'own' here but 'partner' in row 2",
        f"{path}: row 5: respondent_level: 'Bob' is 'senior' here but 'middle' in row 2",
    ]


def test_a_different_function_is_noted_not_refused(tmp_path: Path) -> None:
    path = write_raw(tmp_path / "t.csv", [f"{GOOD},3,3,3", "Bob,partner,middle,Sales,Ann,,,,3,3,3"])
    data = read_ties([path])
    assert data.people["Bob"].function == "marketing"  # the first description is kept
    assert data.notes == [
        f"{path}: row 3: respondent_function: 'Bob' is 'Sales' here but 'marketing' in row 2; "
        "'marketing' is kept"
    ]
    result = invoke("network", str(path))
    assert result.exit_code == 0
    assert result.stderr == data.notes[0] + "\n"


def test_every_problem_in_every_file_is_reported(tmp_path: Path) -> None:
    a = write_raw(tmp_path / "a.csv", [f"{GOOD},3,3,3", f"{GOOD},9,3,3", f"{GOOD},3,3,3"])
    b = write_raw(tmp_path / "b.csv", ["Bob,partner,senior,marketing,Cy,own,middle,x,3,3,3"])
    with pytest.raises(InvalidInput) as info:
        read_ties([a, b])
    assert info.value.errors == [
        f"{a}: row 3: frequency: 9 is out of range (expected 1..5)",
        f"{a}: row 3: contact: duplicate tie 'Ann' -> 'Bob' (first given in row 2)",
        f"{a}: row 4: contact: duplicate tie 'Ann' -> 'Bob' (first given in row 2)",
        f"{b}: row 2: respondent_level: 'Bob' is 'senior' here but 'middle' in {a} row 2",
    ]


def test_header_problems(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    header = [c for c in COLUMNS if c != "closeness"] + ["note"]
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        read_ties([path])
    expected = ", ".join(COLUMNS + OPTIONAL)
    assert info.value.errors == [
        f"{path}: row 1: closeness: missing column",
        f"{path}: row 1: note: unknown column 'note' (expected {expected})",
    ]
    empty = write_raw(tmp_path / "e.csv", [])
    with pytest.raises(InvalidInput) as info:
        read_ties([empty])
    assert info.value.errors == [f"{empty}: row 2: (row): no ties in the file"]


def test_contact_described_elsewhere_may_be_blank(tmp_path: Path) -> None:
    path = write_raw(
        tmp_path / "t.csv",
        [f"{GOOD},3,3,3", "Cy,own,operational,marketing,Bob,,,,3,3,3"],
    )
    data = read_ties([path])
    assert data.people["Bob"].side == "partner"
    assert len(data.ties) == 2


# --- the command line -------------------------------------------------------------------


def test_cli_table_and_json(seed001: Path, tmp_path: Path) -> None:
    result = invoke("network", str(seed001))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Relationship audit" in result.stdout
    assert "O_M1 (partner, middle): 4 cut off" in result.stdout
    result = invoke("network", str(seed001), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["weak_seniors"] == ["A_S1", "A_S2", "A_S3"]
    out = tmp_path / "audit.json"
    result = invoke("network", str(seed001), "-f", "json", "--out", str(out))
    assert result.exit_code == 0
    assert result.stdout == f"wrote {out}\n"
    saved = json.loads(out.read_text())
    assert saved["people"] == 42
    assert len(saved["links"]) == saved["ties"]
    assert {"a": "A_M1", "b": "O_M1", "strength": 4.167, "confirmed": True} in saved["links"]


def test_cli_bad_input(tmp_path: Path) -> None:
    path = write_raw(tmp_path / "t.csv", [f"{GOOD},6,3,3", f"{GOOD},3,3,3"])
    result = invoke("network", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: row 2: frequency: 6 is out of range (expected 1..5)",
        f"{path}: row 3: contact: duplicate tie 'Ann' -> 'Bob' (first given in row 2)",
        "2 problems found",
    ]
    missing = tmp_path / "nope.csv"
    result = invoke("network", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: file not found\n"
    assert invoke("network").exit_code == 2
    assert invoke("network", str(path), "--format", "xml").exit_code == 2


def test_names_match_ignoring_case_and_spaces(tmp_path: Path) -> None:
    path = write_raw(
        tmp_path / "t.csv",
        [
            "Olga Petrova,partner,senior,R&D,Ann Lee,own,middle,Marketing,4,4,4",
            "ann  lee,own,middle,marketing,olga petrova,,,,3,3,3",
            "Cy,own,operational,x,OLGA PETROVA,,,r&d,3,3,3",
        ],
    )
    data = read_ties([path])
    assert sorted(data.people) == ["Ann Lee", "Cy", "Olga Petrova"]
    assert data.people["Olga Petrova"].function == "R&D"  # kept as first given
    assert data.respondents == {"Olga Petrova", "Ann Lee", "Cy"}
    result = analyze(data)
    assert (result.people, result.ties, result.confirmed_ties) == (3, 2, 1)
    assert data.notes == [
        f"{path}: row 3: respondent: 'ann  lee' is taken as 'Ann Lee' (names are matched "
        "ignoring case and spaces)",
        f"{path}: row 3: contact: 'olga petrova' is taken as 'Olga Petrova' (names are matched "
        "ignoring case and spaces)",
        f"{path}: row 4: contact: 'OLGA PETROVA' is taken as 'Olga Petrova' (names are matched "
        "ignoring case and spaces)",
    ]
    duplicate = write_raw(
        tmp_path / "d.csv", [f"{GOOD},3,3,3", "ann,own,middle,marketing,BOB,,,,3,3,3"]
    )
    with pytest.raises(InvalidInput) as info:
        read_ties([duplicate])
    assert info.value.errors == [
        f"{duplicate}: row 3: contact: duplicate tie 'Ann' -> 'Bob' (first given in row 2)"
    ]


def test_out_suffix_picks_the_format_and_csv_lists_every_person(seed001: Path, tmp_path: Path):
    out = tmp_path / "net.csv"
    assert invoke("network", str(seed001), "--out", str(out)).exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    result = audit([seed001])
    assert [r["name"] for r in rows] == [p.name for p in result.persons]
    key = next(r for r in rows if r["name"] == KEY_CONTACT)
    assert (key["key_contact"], key["boundary_spanner"], key["side"]) == ("True", "True", "partner")
    assert key["cut_off"] == "4" and {r["cut_off"] for r in rows if r["name"] != KEY_CONTACT} == {
        "0"
    }
    bad = invoke("network", str(seed001), "--out", str(tmp_path / "net.xlsx"))
    assert bad.exit_code == 2 and ".xlsx is not a format amc network writes" in bad.stderr
    assert not (tmp_path / "net.xlsx").exists()
    as_json = tmp_path / "net.json"
    assert invoke("network", str(seed001), "--out", str(as_json)).exit_code == 0
    assert json.loads(as_json.read_text())["people"] == 42
    forced = tmp_path / "x.json"
    assert invoke("network", str(seed001), "-f", "table", "--out", str(forced)).exit_code == 0
    assert forced.read_text().startswith("Relationship audit")


def test_few_answers_are_flagged(tmp_path: Path) -> None:
    rows = [("A_M1", "O_M1", STRONG), ("A_M1", "A_M2", STRONG), ("A_M1", "O_M2", WEAK)]
    text = render(audit([write_ties(tmp_path / "t.csv", rows)]))
    assert "CAUTION: only 1 of the 4 people answered;" in text
    assert "CAUTION" not in render(audit([write_ties(tmp_path / "s.csv", seed001_ties())]))


def test_name_variants_are_reported_on_stderr(tmp_path: Path) -> None:
    path = write_raw(
        tmp_path / "t.csv",
        [f"{GOOD},3,3,3", "bob,partner,middle,marketing,ann,,,,4,4,4"],
    )
    result = invoke("network", str(path), "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}: row 3: respondent: 'bob' is taken as 'Bob' (names are matched ignoring case "
        "and spaces)",
        f"{path}: row 3: contact: 'ann' is taken as 'Ann' (names are matched ignoring case and "
        "spaces)",
    ]
    assert json.loads(result.stdout)["confirmed_ties"] == 1


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ";")]
)
def test_spreadsheet_csv_exports_are_read(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [
        "Jörg Müller,own,senior,Geschäftsführung,Zoë Ng,partner,middle,Vertrieb,4,5,4",
        "Zoë Ng,partner,middle,Vertrieb,Jörg Müller,,,,4,4,4",
    ]
    path = tmp_path / "t.csv"
    text = "\r\n".join([delimiter.join(COLUMNS), *(r.replace(",", delimiter) for r in rows)])
    path.write_bytes(text.encode(encoding))
    data = read_ties([path])
    assert sorted(data.people) == ["Jörg Müller", "Zoë Ng"]
    assert data.people["Jörg Müller"].function == "Geschäftsführung"
    assert analyze(data).confirmed_ties == 1


def test_what_the_paused_collector_missed_joins_the_oldest_generation() -> None:
    import gc

    from amc_assess.network import paused_gc

    assert gc.isenabled() and not gc.get_freeze_count()
    with paused_gc():
        assert not gc.isenabled()
        made = [[i] for i in range(50_000)]  # more than a young generation's threshold
    assert gc.isenabled() and not gc.get_freeze_count()
    assert gc.get_count()[0] < 1000  # nothing young left for the next pass to go over
    assert gc.is_tracked(made[-1]) and any(o is made[-1] for o in gc.get_objects(2))
    gc.freeze()  # a freeze of the caller's is left as it is
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            more = [[i] for i in range(1000)]
        assert gc.get_freeze_count() == frozen and more
    finally:
        gc.unfreeze()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()

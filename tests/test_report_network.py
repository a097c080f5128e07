"""The report's relationship-audit section (``amc report --network``), read back from real PDFs.

The seed-001 network (22 + 20 managers; see test_network.py) gives the findings; a generated
network of 2,000 people checks the subset drawing; hostile names must print literally.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Circle, Line, Polygon, Rect, String
from reportlab.lib import colors

from amc_assess import api
from amc_assess.loading import InvalidInput
from amc_assess.network import audit, read_ties
from amc_assess.network.layout import LIMIT, layout, select
from amc_assess.report import render_report
from amc_assess.report.brand import Brand
from amc_assess.report.network import density_reading, network_context
from amc_assess.report.network_drawing import _labels, network_drawing, side_colors
from amc_assess.report.pdf import BODY_W
from amc_assess.report.text import blocks, labels, plain
from amc_assess.reporting import report_inputs
from conftest import REPO, invoke, outline_titles
from test_network import GOOD, KEY_CONTACT, _people, seed001_ties, write_raw, write_ties

EXAMPLES = REPO / "examples"
MID = str(EXAMPLES / "mid_maturity.yaml")
SHAPES = {"senior": Rect, "middle": Polygon, "operational": Circle}


def flat(text: str) -> str:
    return " ".join(text.split())


def section(reader: PdfReader) -> tuple[int, str]:
    """Index of the section's first page, and the text of its pages (up to the roadmap)."""
    texts = [page.extract_text() for page in reader.pages]
    first = next(k for k, t in enumerate(texts) if k > 0 and "Relationship audit" in t)
    last = next(k for k in range(first, len(texts)) if "Every recommendation of this" in texts[k])
    tail = texts[last].split("Roadmap\n")[0]  # the roadmap may start on the section's last page
    return first, flat(" ".join([*texts[first:last], tail]))


def lab() -> dict[str, str]:
    return labels({"firm": "Firm", "footer": None, "consultancy": None, "assessor": None,
                   "report_title": "Alliance Management Capability report",
                   "overall_title": "Overall AMC index",
                   "dimension_words": ["structure", "coordination"]})  # fmt: skip


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seed")
    return write_ties(folder / "ties.csv", seed001_ties(), keys={KEY_CONTACT})


@pytest.fixture(scope="module")
def seed_result(seed):
    return audit([seed])


@pytest.fixture(scope="module")
def seed_pdf(seed, tmp_path_factory) -> tuple[Path, PdfReader]:
    out = tmp_path_factory.mktemp("pdf") / "r.pdf"
    result = invoke("report", MID, "--network", seed, "--out", out)
    assert result.exit_code == 0, result.stderr
    return out, PdfReader(out)


# --- the findings -----------------------------------------------------------------------------


def test_section_sits_after_the_dimensions_and_before_the_roadmap(seed_pdf):
    _, reader = seed_pdf
    titles = outline_titles(reader)
    assert "Relationship audit" in titles
    k = titles.index("Relationship audit")
    assert titles.index("Dedicated alliance function") < k < titles.index("Roadmap")
    assert titles.index("Roadmap") < titles.index("Methodology")
    for heading in ("Core and periphery", "Boundary spanners", "Turnover risk", "Density"):
        assert heading in titles[k:]


def test_findings_match_the_network_result(seed_pdf, seed_result):
    r = seed_result
    _, text = section(seed_pdf[1])
    assert f"{r.people} people, {r.people_by_side['own']} in the own firm" in text
    assert f"{len(r.core)} of the {r.people} people form the core" in text
    # boundary spanners: their count and levels
    assert f"{len(r.boundary_spanners)} people link the two firms" in text
    levels = ", ".join(f"{lv} {n}" for lv, n in r.spanners_by_level.items())
    assert f"By level: {levels}." in text
    assert r.spanners_by_level["senior"] == 0
    assert "No senior executive is among them" in text
    # level coverage: the senior level has only a weak tie
    senior = next(c for c in r.coverage if c.level == "senior")
    assert senior.present and senior.strong_ties == 0
    assert senior.ties == 1
    assert "The senior executives are linked only by a single weak tie" in text
    assert f"(strength {senior.mean_strength:.2f} of 5)" in text
    assert "not anchored at the top" in text
    # senior executives with weak ties: all of the own firm's
    own_weak = [n for n in r.weak_seniors if n.startswith("A_")]
    assert own_weak == r.weak_seniors
    assert f"All {len(own_weak)} senior executives of the own firm have weak ties only" in text
    assert f"({', '.join(own_weak)})" in text
    assert "senior executives of the partner have at least one strong tie" in text
    # the key contact is the only cut point
    (cut,) = r.articulation_points
    (kc,) = r.key_contacts
    assert cut.name == kc.name == KEY_CONTACT
    assert f"{kc.name} is the designated key contact of the partner and a cut point" in text
    assert f"If {kc.name} leaves, {kc.cut_off} people lose touch" in text
    assert f"{kc.cut_off} people would be cut off" in text
    assert "continuity risk" in text
    # the channel to the other firm goes with the key contact only where every tie across
    # the firms is theirs (it was said of every key contact who is a cut point)
    side = {p.name: p.side for p in r.persons}
    cross = [x for x in r.links if side[x.a] != side[x.b]]
    goes = all(kc.name in (x.a, x.b) for x in cross)
    assert ("and the channel to the other firm goes too" in text) == goes
    # channels and densities
    assert "The own firm has no designated key contact" in text
    assert f"The partner designated {kc.name} as key contact" in text
    assert f"{r.density.across * 100:.1f}% across the two firms" in text
    assert "Ties across the firms are far sparser than within them" in text
    assert "Few people answered" not in text  # 40 of 42 did


def test_tables_show_coverage_risk_and_channels(seed_pdf, seed_result):
    r = seed_result
    _, text = section(seed_pdf[1])
    for c in r.coverage:
        assert f"{c.level} {c.ties} {c.strong_ties} {c.mean_strength:.2f}" in text
    assert "senior 1 0 1.67 one weak tie only" in text
    assert "strong ties" in text and "tie(s)" not in text
    top, cut = r.top_betweenness[0], r.articulation_points[0]
    assert top.name == cut.name
    row = f"{top.name} {top.side} · {top.level} {cut.cut_off} {top.betweenness:.3f}"
    assert f"{row} key contact, boundary spanner, core" in text
    for b in r.top_betweenness[1:]:
        assert f"{b.name} " in text and f"{b.betweenness:.3f}" in text


def test_record_lists_the_ties_file_and_the_audit(seed_pdf, seed, seed_result):
    out, _ = seed_pdf
    record = json.loads(out.with_suffix(".json").read_text())
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    assert digest in record["inputs"].values()
    assert any(name.endswith("ties.csv") for name in record["inputs"])
    net = record["network"]
    assert net["people"] == seed_result.people
    assert net["articulation_points"][0]["name"] == KEY_CONTACT
    assert "persons" not in net and "links" not in net


def test_without_network_there_is_no_section(tmp_path):
    q, r = api.instrument()
    inp = report_inputs([MID], q, r)[0][0]
    done = render_report(inp, tmp_path / "plain.pdf", q, r)
    reader = PdfReader(done.pdf)
    assert "Relationship audit" not in outline_titles(reader)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Who works with whom" not in text and "Core and periphery" not in text
    # the methodology says the rubric's network measures were left out
    assert "No relationship audit was supplied" in text
    assert json.loads(done.record.read_text())["network"] is None


# --- the drawing --------------------------------------------------------------------------------


def test_drawing_encodes_sides_levels_core_ties_and_marks(seed_result):
    r = seed_result
    pal = Brand().colors
    d = network_drawing(r, lab(), pal, BODY_W)
    nodes = d.nodes.contents
    assert len(nodes) == r.people
    fills = side_colors(pal)
    by_level = {lv: sum(1 for p in r.persons if p.level == lv) for lv in SHAPES}
    for lv, kind in SHAPES.items():
        assert sum(1 for n in nodes if type(n) is kind) == by_level[lv]

    def side_of(node) -> str:
        color = node.fillColor if node.fillColor != colors.white else node.strokeColor
        return next(s for s, c in fills.items() if c == color)

    assert sum(side_of(n) == "own" for n in nodes) == r.people_by_side["own"]
    assert sum(side_of(n) == "partner" for n in nodes) == r.people_by_side["partner"]
    assert sum(n.fillColor == colors.white for n in nodes) == len(r.peripheral)
    assert sum(n.fillColor != colors.white for n in nodes) == len(r.core)
    ties = d.ties.contents
    strong = sum(1 for x in r.links if x.strength >= r.strong_threshold)
    assert len(ties) == r.ties
    assert sum(1 for t in ties if t.strokeDashArray is None) == strong
    assert min(t.strokeWidth for t in ties if t.strokeDashArray is None) > max(
        t.strokeWidth for t in ties if t.strokeDashArray is not None
    )
    marks = d.marks.contents
    assert sum(1 for m in marks if m.strokeDashArray is None) == len(r.key_contacts)
    assert sum(1 for m in marks if m.strokeDashArray) == len(r.articulation_points)
    names = {s.text for s in d.labels.contents if isinstance(s, String)}
    assert names == {p.name for p in r.persons}
    legend = {s.text for s in d.legend.contents if isinstance(s, String)}
    wanted = ["net_own", "net_partner", "net_core", "net_peripheral", "net_senior", "net_middle",
              "net_operational", "net_weak", "net_key_contact", "net_cut_point"]  # fmt: skip
    assert {lab()[k] for k in wanted} <= legend
    assert f"Strong tie (strength {r.strong_threshold:g} or more)" in legend
    x0, y0, x1, y1 = d.nodes.getBounds()
    assert 0 <= x0 and x1 <= d.width and 0 <= y0 and y1 <= d.height
    assert d.legend.getBounds()[3] < y0  # the legend sits below every node


def test_layout_is_deterministic_sided_and_banded(seed_result):
    r = seed_result
    one, two = layout(r, width=400, height=300, spacing=20), layout(r, width=400, height=300)
    assert one.positions == layout(r, width=400, height=300, spacing=20).positions
    assert set(one.positions) == set(two.positions) == {p.name for p in r.persons}
    by = {p.name: p for p in r.persons}
    own = [x for n, (x, _) in one.positions.items() if by[n].side == "own"]
    partner = [x for n, (x, _) in one.positions.items() if by[n].side == "partner"]
    assert max(own) < min(partner)
    ys = {lv: [y for n, (_, y) in one.positions.items() if by[n].level == lv] for lv in SHAPES}
    assert min(ys["senior"]) > max(ys["middle"]) and min(ys["middle"]) > max(ys["operational"])
    assert all(0 <= x <= 400 and 0 <= y <= 300 for x, y in one.positions.values())


def test_section_page_has_vector_content(seed_pdf, seed_result):
    _, reader = seed_pdf
    first, _ = section(reader)
    data = reader.pages[first].get_contents().get_data()
    lines = re.findall(rb"[\d.]+ [\d.]+ l\b", data)
    assert len(lines) >= seed_result.ties
    assert b" re " in data or b" re\n" in data  # the squares of the senior executives


# --- errors, safety, overrides ---------------------------------------------------------------


def test_bad_ties_file_is_one_line_each_and_no_pdf(tmp_path):
    bad = write_raw(tmp_path / "bad.csv", [f"{GOOD},6,3,3"])
    with pytest.raises(InvalidInput) as err:
        read_ties([bad])
    out = tmp_path / "r.pdf"
    result = invoke("report", MID, "--network", bad, "--out", out)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == err.value.errors
    assert not out.exists() and not out.with_suffix(".json").exists()
    missing = invoke("report", MID, "--network", tmp_path / "nope.csv", "--out", out)
    assert missing.exit_code == 1 and "nope.csv: file not found" in missing.stderr
    assert not out.exists()


def test_network_with_a_batch_of_several_firms_is_refused(tmp_path, seed):
    low, high = EXAMPLES / "low_maturity.yaml", EXAMPLES / "high_maturity.yaml"
    args = ["report", "--batch", low, high, "--out-dir", tmp_path / "b", "--network", seed]
    result = invoke(*args, "--no-progress")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "--network" in result.stderr and "2 firms" in result.stderr
    assert not (tmp_path / "b").exists() or not list((tmp_path / "b").iterdir())


HOSTILE = ["<b>x</b> & Co", '<font size="40">Big</font>', "</p><h1>Injected</h1>", "Ann &amp; Bo"]


def test_hostile_names_print_literally(tmp_path):
    people = _people()
    rename = dict(zip(["A_S1", "A_S2", KEY_CONTACT, "A_M1"], HOSTILE, strict=True))
    people = {rename.get(n, n): v for n, v in people.items()}
    rows = [(rename.get(a, a), rename.get(b, b), ratings) for a, b, ratings in seed001_ties()]
    ties = write_ties(tmp_path / "ties.csv", rows, people, keys={rename[KEY_CONTACT]})
    out = tmp_path / "r.pdf"
    result = invoke("report", MID, "--network", ties, "--out", out)
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(out)
    _, text = section(reader)
    for name in HOSTILE:
        assert name in text, name
    assert f"{HOSTILE[2]} is the designated key contact of the partner" in text
    assert "Injected" not in outline_titles(reader)
    drawn = {x.text for x in network_drawing(audit([ties]), lab(), Brand().colors).labels.contents
             if isinstance(x, String)}  # fmt: skip
    assert {HOSTILE[0], HOSTILE[2], HOSTILE[3]} <= drawn  # the long one is shortened with "…"


def test_template_override_for_the_network_section(tmp_path, seed):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report_network.j2").write_text(
        "<h1>Alliance ties</h1>\n<p>Custom: {{ network.people }} people, "
        '{{ network.spanners.count }} spanners &amp; more.</p>\n<flow name="drawing"/>\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.pdf"
    result = invoke("report", MID, "--network", seed, "--out", out, "--template-dir", folder)
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(out)
    titles = outline_titles(reader)
    assert "Alliance ties" in titles and "Relationship audit" not in titles
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Custom: 42 people, 11 spanners & more." in text
    (folder / "report_network.j2").write_text('<flow name="radar"/>\n', encoding="utf-8")
    broken = invoke("report", MID, "--network", seed, "--out", out, "--template-dir", folder)
    assert broken.exit_code == 1
    assert '<flow name="radar"/> is not available' in broken.stderr


# --- a big network --------------------------------------------------------------------------


def big_ties(path: Path, people: int = 2000, seed: int = 3) -> Path:
    """Two firms in teams of 20 (strong ties around each team), a few ties across, and one key
    contact on each side who alone links a group of three to the rest (a cut point)."""
    rng = random.Random(seed)
    who = {}
    for i in range(people):
        level = "senior" if i % 10 == 0 else ("middle" if i % 10 < 4 else "operational")
        who[f"P{i:05d}"] = ("own" if i < people // 2 else "partner", level, "marketing")
    names = list(who)
    rows, strong, weak = [], (5, 4, 4), (2, 2, 1)
    for start in range(0, people, 20):
        team = names[start : start + 20]
        rows += [
            (team[k], team[(k + d) % len(team)], strong) for k in range(len(team)) for d in (1, 3)
        ]
    half = people // 2
    for _ in range(people // 10):
        a, b = rng.randrange(half), half + rng.randrange(half)
        rows.append((names[a], names[b], strong if rng.random() < 0.5 else weak))
    keys = set()
    for side, hub in (("own", names[5]), ("partner", names[half + 5])):
        group = [f"G_{side}_{k}" for k in range(3)]
        for g in group:
            who[g] = (side, "operational", "customer service")
            rows.append((hub, g, strong))
        rows += [(group[0], group[1], strong), (group[1], group[2], strong)]
        keys.add(hub)
    seen, unique = set(), []
    for a, b, ratings in rows:
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            unique.append((a, b, ratings))
    return write_ties(path, unique, who, keys=keys)


def test_big_network_draws_a_subset_and_says_so(tmp_path):
    ties = big_ties(tmp_path / "big.csv")
    result = audit([ties])
    assert result.people == 2006
    shown, picked = select(result)
    assert len(shown) == sum(picked.values()) <= LIMIT < result.people
    assert {k.name for k in result.key_contacts} <= set(shown)
    d = network_drawing(result, lab(), Brand().colors, BODY_W)
    assert len(d.nodes.contents) == len(shown)
    labeled = {s.text for s in d.labels.contents if isinstance(s, String)}
    assert {k.name for k in result.key_contacts} <= labeled and len(labeled) <= 12
    x0, y0, x1, y1 = d.nodes.getBounds()
    assert 0 <= x0 and x1 <= d.width and 0 <= y0 and y1 <= d.height
    out = tmp_path / "big.pdf"
    run = invoke("report", MID, "--network", ties, "--out", out)
    assert run.exit_code == 0, run.stderr
    _, text = section(PdfReader(out))
    assert f"The drawing shows {len(shown)} of the {result.people:,} people" in text
    assert f"{picked['key_contacts']} designated key contacts" in text
    assert f"Every figure below counts all {result.people:,} people." in text
    assert f"{result.people:,} people, " in text


# --- a small network with few answers (a user's 12 people) --------------------------------------

TWELVE = {
    "Ben Carter": ("own", "senior", "general management"),
    "Pablo Quinn": ("own", "senior", "general management"),
    "Clara Diaz": ("own", "middle", "marketing"),
    "Dan Evans": ("own", "middle", "marketing"),
    "Eva Fox": ("own", "operational", "marketing"),
    "Finn Gray": ("own", "operational", "marketing"),
    "Olga Petrova": ("partner", "middle", "marketing"),
    "Rita Lopez": ("partner", "middle", "marketing"),
    "Sam Ortiz": ("partner", "senior", "general management"),
    "Tara Ng": ("partner", "senior", "general management"),
    "Uma Patel": ("partner", "operational", "marketing"),
    "Victor Wu": ("partner", "operational", "marketing"),
}
STRONG, WEAK = (5, 4, 4), (2, 2, 1)


def twelve_ties(path: Path) -> Path:
    """6 + 6 people, 5 of whom answered; one strong middle-level tie across (Clara-Rita);
    densities 26.7% own, 33.3% partner, 13.9% across; key contact Olga cuts off Victor."""
    rows = [
        ("Eva Fox", "Finn Gray", WEAK), ("Dan Evans", "Pablo Quinn", WEAK),
        ("Clara Diaz", "Dan Evans", STRONG), ("Dan Evans", "Eva Fox", STRONG),
        ("Olga Petrova", "Sam Ortiz", STRONG), ("Olga Petrova", "Rita Lopez", STRONG),
        ("Sam Ortiz", "Rita Lopez", STRONG), ("Olga Petrova", "Victor Wu", STRONG),
        ("Sam Ortiz", "Tara Ng", STRONG), ("Clara Diaz", "Rita Lopez", STRONG),
        ("Sam Ortiz", "Ben Carter", WEAK), ("Eva Fox", "Uma Patel", STRONG),
        ("Olga Petrova", "Finn Gray", WEAK), ("Dan Evans", "Olga Petrova", WEAK),
    ]  # fmt: skip
    return write_ties(path, rows, TWELVE, keys={"Olga Petrova"})


@pytest.fixture(scope="module")
def twelve(tmp_path_factory) -> Path:
    return twelve_ties(tmp_path_factory.mktemp("twelve") / "ties.csv")


@pytest.fixture(scope="module")
def twelve_text(twelve, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("pdf12") / "r.pdf"
    result = invoke("report", MID, "--network", twelve, "--out", out)
    assert result.exit_code == 0, result.stderr
    return section(PdfReader(out))[1]


def _crosses(box: tuple[float, float, float, float], line: Line, steps: int = 400) -> bool:
    """Whether a drawn line passes through the inside of a box (checked point by point)."""
    x0, y0, x1, y1 = box
    for k in range(steps + 1):
        t = k / steps
        x, y = line.x1 + t * (line.x2 - line.x1), line.y1 + t * (line.y2 - line.y1)
        if x0 < x < x1 and y0 < y < y1:
            return True
    return False


def _label_boxes(d) -> dict[str, tuple[float, float, float, float]]:
    items = d.labels.contents
    backs = [(i.x, i.y, i.x + i.width, i.y + i.height) for i in items if isinstance(i, Rect)]
    names = [i.text for i in items if isinstance(i, String)]
    return dict(zip(names, backs, strict=True))


def test_labels_leave_the_ties_free(twelve):
    r = audit([twelve])
    d = network_drawing(r, lab(), Brand().colors, BODY_W)
    boxes = _label_boxes(d)
    assert set(boxes) == set(TWELVE)
    strong = [t for t in d.ties.contents if t.strokeDashArray is None]
    # the only strong middle-level tie across the firms, Clara-Rita, is not under a name
    by = {p.name: p for p in r.persons}
    middle = [x for x in r.links if by[x.a].level == by[x.b].level == "middle"
              and by[x.a].side != by[x.b].side and x.strength >= r.strong_threshold]  # fmt: skip
    assert [(x.a, x.b) for x in middle] == [("Clara Diaz", "Rita Lopez")]
    # on this small network there is room for every name: none covers any tie
    for name, box in boxes.items():
        assert not any(_crosses(box, t) for t in d.ties.contents), name
    assert len(strong) == sum(1 for x in r.links if x.strength >= r.strong_threshold)
    # nor another name
    names = list(boxes.values())
    for k, a in enumerate(names):
        for b in names[k + 1 :]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])
    # the backing is as large as the name and lets a line show through
    for item in d.labels.contents:
        if isinstance(item, Rect):
            assert item.fillColor.alpha < 0.75 and item.height <= 7


def test_a_name_goes_where_no_tie_runs():
    """A hub with strong ties to the right, left, top and bottom: its name takes a diagonal."""
    spots = {"hub": (100.0, 100.0), "e": (160.0, 100.0), "w": (40.0, 100.0),
             "n": (100.0, 160.0), "s": (100.0, 40.0)}  # fmt: skip
    segments = [(100.0, 100.0, *spots[k], True) for k in "ewns"]
    g = _labels(["hub"], spots.__getitem__, dict.fromkeys(spots, 6.0), True, (0, 0, 200, 200),
                segments)  # fmt: skip
    back = next(i for i in g.contents if isinstance(i, Rect))
    box = (back.x, back.y, back.x + back.width, back.y + back.height)
    for x1, y1, x2, y2, _ in segments:
        assert not _crosses(box, Line(x1, y1, x2, y2))
    # without ties it stays on the right
    g = _labels(["hub"], spots.__getitem__, dict.fromkeys(spots, 6.0), True, (0, 0, 200, 200), [])
    assert next(i for i in g.contents if isinstance(i, String)).textAnchor == "start"


def test_big_network_labels_avoid_strong_ties_where_they_can(seed_result):
    d = network_drawing(seed_result, lab(), Brand().colors, BODY_W)
    strong = [t for t in d.ties.contents if t.strokeDashArray is None]
    covering = [n for n, box in _label_boxes(d).items() if any(_crosses(box, t) for t in strong)]
    assert len(covering) <= 8  # of 42 names among 71 strong ties (15 when ties were ignored)


def test_density_reading_has_four_cases():
    assert density_reading(0.267, 0.333, 0.139)[1] == "sparser"  # the user's 12 people
    assert density_reading(0.19, 0.20, 0.018)[1] == "far_sparser"
    assert density_reading(0.3, 0.3, 0.09)[1] == "far_sparser"
    assert density_reading(0.3, 0.3, 0.1)[1] == "sparser"
    assert density_reading(0.3, 0.3, 0.2)[1] == "similar"
    assert density_reading(0.3, 0.3, 0.5)[1] == "denser"
    assert density_reading(0.0, 0.0, 0.2)[1] == "denser"
    assert density_reading(None, None, 0.2) == (None, None)
    assert density_reading(0.3, None, None) == (None, None)
    ratio, _ = density_reading(0.2, 0.4, 0.15)
    assert ratio == pytest.approx(0.5)


def test_small_network_findings_read_right(twelve_text):
    text = twelve_text
    # density: 13.9% across against 26.7% and 33.3% within is not "about as close"
    assert "26.7% do within the own firm, 33.3% within the partner and 13.9% across" in text
    assert "about as closely tied" not in text
    assert "clearly sparser than within them, roughly half as dense" in text
    # the channels table: the partner's people deal with the own firm
    assert "Deal with the other firm" in text and "Deal with the partner" not in text
    assert "one weak tie only" in text and "one strong tie" in text and "tie(s)" not in text
    # agreement with one person, and the colon before a list of names
    assert "If Olga Petrova leaves, 1 person loses touch" in text
    assert "give the person who depends on Olga Petrova" in text
    assert "among them 3 senior executives: Ben Carter, Pablo Quinn, Tara Ng." in text
    assert "Both senior executives of the own firm have weak ties only" in text
    # Tara Ng's one strong tie keeps her out of the core: not "takes part in the alliance's
    # work" beside the peripheral who "hear of it second-hand" (a trial)
    assert (
        "Both senior executives of the partner have at least one strong tie, but Tara Ng "
        "stands outside the core of the network"
    ) in text
    assert "top management there takes part in the alliance's work" not in text
    assert "4 of its 6 people deal with the other firm directly" in text
    # betweenness runs over every tie, strong ties being short steps
    assert "along strong ties" not in text
    assert (
        "A route may run over any tie, strong or weak, but a strong tie counts as a shorter step"
        in text
    )


def test_few_answers_are_flagged(twelve, twelve_text):
    r = audit([twelve])
    assert (r.respondents, r.people) == (5, 12)
    text = twelve_text
    assert (
        "Few people answered the audit: the picture rests on the answers of 5 of the 12 people."
        in text
    )
    assert "The other 7 appear only through the ties others named" in text
    assert "may therefore be artefacts" in text
    silent = sorted(p.name for p in r.persons if not p.respondent and p.name in r.peripheral)
    assert f"{len(silent)} peripheral people ({', '.join(silent)})" in text
    assert "2 senior executives with weak ties only (Ben Carter, Pablo Quinn)" in text
    # before the drawing: the caution comes first
    assert text.index("Few people answered") < text.index("Own firm: 6 people")
    ctx = network_context(r)
    assert ctx["answers"]["few"] and ctx["answers"]["silent"] == 7


# --- agreement with 0, 1 and 2 ----------------------------------------------------------------


def _render(net: dict) -> str:
    found = blocks("report_network.j2", {"firm": "Firm", "network": net})
    return flat(" ".join(plain(b.text) for b in found if b.kind != "flow"))


BAD = [
    r"\b1 (people|ties|others|senior executives|strong ties|working ties)\b",
    r"\b(0|2) (person|tie|other|senior executive)\b(?! with)",
    r"\b1 person (lose|hold|deal|link)\b",
    r"\b1 of the \d+ people form\b",
    r"\(s\)",
    r"All [012] ",
    r"\b1 is peripheral\b.*\b1 are\b",
]


@pytest.mark.parametrize("k", [0, 1, 2])
def test_numbers_and_words_agree(seed_result, k):
    net = network_context(seed_result)
    two = ["Ann", "Bo"][:k]
    net["ties"], net["cross_ties"], net["core_k"] = k or 3, k, max(k, 1)
    net["core"]["count"] = max(k, 1)
    net["peripheral"] = {**net["peripheral"], "count": k, "seniors": {"count": k, "names": two,
                         "more": 0}}  # fmt: skip
    net["spanners"] = {**net["spanners"], "count": max(k, 1), "names": two or ["Ann"]}
    net["coverage"] = [{**c, "status": "weak", "ties": max(k, 1)} for c in net["coverage"]]
    net["seniors"] = [{**s, "total": max(k, 1), "all_weak": s["side"] == "own"}
                      for s in net["seniors"]]  # fmt: skip
    net["cut_points"] = {**net["cut_points"], "count": max(k, 1)}
    net["cut_points"]["rows"] = [{**net["cut_points"]["rows"][0], "cut_off": max(k, 1)}]
    net["key_risks"] = [{**net["key_risks"][0], "cut_off": max(k, 1)}]
    net["channels"] = [{**ch, "style": style, "with_partner_ties": k, "key_share": 0.2,
                        "key_contacts": ["Ann"], "direct_share": 0.0}
                       for ch, style in zip(net["channels"], ("bypassed", "none"), strict=True)]  # fmt: skip
    net["answers"] = {"few": True, "silent": max(k, 1), "peripheral": {"count": k, "names": two,
                      "more": 0}, "weak_seniors": {"count": k, "names": two, "more": 0}}  # fmt: skip
    text = _render(net)
    for pattern in BAD:
        assert not re.search(pattern, text), (pattern, re.search(pattern, text))
    n = max(k, 1)
    expect = {
        0: [
            "none of its 22 people deals with the other firm directly",
            "Nobody is peripheral.",
            "has no designated key contact, and none of its 20 people deals with the other firm.",
            "none of them across",
        ],
        1: [
            "1 person loses touch",
            "1 of its 22 people deals with the other firm directly",
            "and only 1 of its 20 people deals with the other firm.",
            "only by a single weak tie",
            "among them the senior executive Ann.",
            "The only senior executive of the own firm has weak ties only",
            "1 is peripheral",
            "at least 1 other in the core",
            "fewer than 1 strong tie to the rest",
            "1 person holds parts of the network",
            "This is Ann.",
            "The other person appears",
            "runs a single working tie, across the two firms",
            "did not answer are 1 peripheral person (Ann) and 1 senior executive",
        ],
        2: [
            "2 people lose touch",
            "2 of its 22 people deal with the other firm directly",
            "and only 2 of its 20 people deal with the other firm.",
            "only by weak ties (2 ties, mean strength",
            "among them 2 senior executives: Ann, Bo.",
            "Both senior executives of the own firm have weak ties only",
            "2 are peripheral",
            "at least 2 others in the core",
            "2 people hold parts",
            "They are Ann, Bo.",
            "The other 2 appear",
            "2 senior executives with weak ties only (Ann, Bo)",
            "2 working ties, both of them across",
        ],
    }[k]
    for phrase in expect:
        assert phrase in text, phrase
    assert f"{n} of the 42 people {'forms' if n == 1 else 'form'} the core" in text
    if k == 1:  # one person among those who did not answer
        net["answers"]["weak_seniors"] = {"count": 0, "names": [], "more": 0}
        assert "who did not answer is 1 peripheral person (Ann)." in _render(net)


def test_a_key_contact_without_any_tie_across(tmp_path):
    """No tie between the firms: the channel is on paper only (no crash on a missing share)."""
    people = {k: TWELVE[k] for k in ("Clara Diaz", "Dan Evans", "Olga Petrova", "Rita Lopez")}
    rows = [("Clara Diaz", "Dan Evans", STRONG), ("Olga Petrova", "Rita Lopez", STRONG)]
    ties = write_ties(tmp_path / "ties.csv", rows, people, keys={"Olga Petrova"})
    out = tmp_path / "r.pdf"
    result = invoke("report", MID, "--network", ties, "--out", out)
    assert result.exit_code == 0, result.stderr
    _, text = section(PdfReader(out))
    assert "The partner designated Olga Petrova as key contact, but there is no tie" in text
    assert "none of them across the two firms" in text
    assert "Few people answered the audit: the picture rests on the answers of 2 of the 4" in text


def test_a_report_without_an_audit_does_not_load_networkx(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from amc_assess.reporting import ReportOptions, run\n"
        f"run(ReportOptions(files=[{str(MID)!r}], out={str(tmp_path / 'r.pdf')!r}))\n"
        "assert 'networkx' not in sys.modules, 'networkx was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").stat().st_size > 10_000


def test_report_modules_load_reportlab_and_networkx_only_when_needed():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import amc_assess.network, amc_assess.report, amc_assess.report.models\n"
        "import amc_assess.report.brand, amc_assess.report.text\n"
        "assert 'reportlab' not in sys.modules, 'reportlab was imported'\n"
        "assert 'networkx' not in sys.modules, 'networkx was imported'\n"
        "import amc_assess.report.pdf, amc_assess.report.batch, amc_assess.report.context\n"
        "assert 'networkx' not in sys.modules, 'networkx was imported by the renderer'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_level_the_firms_are_bridged_at_is_the_highest_and_the_most_is_said(seed_result):
    """2 middle-level and 3 operational spanners read "the firms are bridged at the middle
    level": it is the highest level with a spanner, and most of them work lower."""
    net = network_context(seed_result)
    by_level = [{"level": "senior", "count": 0}, {"level": "middle", "count": 2},
                {"level": "operational", "count": 3}]  # fmt: skip
    net["spanners"] = {**net["spanners"], "count": 5, "by_level": by_level,
                       "top_level": "middle", "most_level": "operational"}  # fmt: skip
    text = " ".join(_render(net).split())
    assert (
        "the highest level at which the firms are bridged is the middle level, and most of "
        "the spanners work at the operational level."
    ) in text
    assert network_context(seed_result)["spanners"]["most_level"] in ("senior", "middle",
                                                                      "operational")  # fmt: skip


def test_no_core_of_strong_ties_in_a_chain_is_not_read_as_weak_contacts(tmp_path):
    """Five strong ties of seven, in a chain: no 2-core, and the report said "the alliance
    runs on occasional, weak contacts" beside tables of strong ties (a trial)."""
    rows = [
        ("Clara Diaz", "Dan Evans", STRONG), ("Dan Evans", "Eva Fox", STRONG),
        ("Eva Fox", "Rita Lopez", STRONG), ("Rita Lopez", "Sam Ortiz", STRONG),
        ("Sam Ortiz", "Tara Ng", STRONG), ("Clara Diaz", "Finn Gray", WEAK),
        ("Olga Petrova", "Tara Ng", WEAK),
    ]  # fmt: skip
    ties = write_ties(tmp_path / "ties.csv", rows, TWELVE, keys={"Olga Petrova"})
    result = audit([ties])
    assert not result.core
    strong = sum(1 for link in result.links if link.strength >= result.strong_threshold)
    assert strong == 5 and result.ties == 7
    out = tmp_path / "r.pdf"
    done = invoke("report", MID, "--network", ties, "--out", out)
    assert done.exit_code == 0, done.stderr
    text = section(PdfReader(out))[1]
    assert "5 of its 7 ties are strong, but they form chains and pairs rather than a closely " in (
        text
    )
    assert "weak contacts" not in text


def test_a_roadmap_step_quotes_a_network_measure_by_its_value(seed, tmp_path):
    """A step resting on a network measure said "score 3" where the practice table shows the
    audit's 67% (a trial): it quotes the measure's value."""
    out = tmp_path / "r.pdf"
    assert invoke("report", MID, "--network", seed, "--out", out).exit_code == 0
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    steps = [s for s in record["recommendations"]
             if any(i["id"].startswith("network_") for i in s["items"])]  # fmt: skip
    assert steps, "the seed's audit calls for a step on its measures"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    for step in steps:
        for item in step["items"]:
            if item["id"].startswith("network_") and item["score"] is not None:
                assert not re.search(r"Coordination \d+: score \d", text), step["id"]
    assert re.search(r"Coordination \d+: \d+%", text)

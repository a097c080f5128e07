"""``amc report``: from files and options to report inputs, then rendered reports.

The data flows one way: the reader (:mod:`amc_assess.scored.read`) turns the files into
scored respondents and problems; each firm's respondents become its result
(:mod:`amc_assess.scored.firm`); peers and history come from the benchmark and the store; the
relationship audit is attached; :mod:`amc_assess.report` only renders. Warnings are returned,
not printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from amc_assess.advice import step_ids
from amc_assess.condition_checks import did_you_mean
from amc_assess.definitions import clash_warnings
from amc_assess.metrics import firm_problems
from amc_assess.models import Questionnaire, Rubric
from amc_assess.names import once, shown
from amc_assess.outputs import refuse_clashes
from amc_assess.problems import InvalidInput, Problem
from amc_assess.resources import default_questionnaire, default_rubric
from amc_assess.scored.answer_tables import TableReading
from amc_assess.scored.firm import firm_result
from amc_assess.scored.read import ReadResult, read_scored
from amc_assess.scored.readers import sha256
from amc_assess.scored.respondent import ScoredRespondent
from amc_assess.scored.twice import counted_twice, without_copies
from amc_assess.targets import parse_targets
from amc_assess.template_dir import unused_templates
from amc_assess.terminal import printable
from amc_assess.validation import instrument
from amc_assess.yamlio import FileError, read_data

if TYPE_CHECKING:
    from amc_assess.models import TargetsBlock
    from amc_assess.models.network import NetworkResult
    from amc_assess.report import Rendered
    from amc_assess.report.models import ReportInput

SHOWN_FIRMS = 5  # firms named when a single report is given several

SCORED_WITH_TARGETS = (
    "--targets applies when scoring response files; this file holds results already scored "
    "with their own targets"
)
SCORED_WITH_NETWORK = (
    "--network scores a relationship audit's measures with the answers; this file holds "
    "results already scored without them: report from the response files with --network"
)


@dataclass
class BenchmarkOptions:
    """Where the report's peer statistics and history come from."""

    db: str | None = None
    peer_file: str | None = None
    peers: str | None = None
    min_peers: int = 5
    allow_small_group: bool = False


@dataclass(kw_only=True)
class ReportOptions:
    """What ``amc report`` was asked for."""

    files: Sequence[str]
    out: str | None = None
    out_dir: str | None = None
    batch: bool = False
    questionnaire: str | None = None
    rubric: str | None = None
    targets: str | None = None  # --targets: inline levels or a targets file
    template_dir: str | None = None
    brand: str | None = None
    jobs: int | None = None
    benchmark: BenchmarkOptions | None = None
    network: Sequence[str] = ()
    owners: str | None = None  # YAML: roadmap step id -> owner
    allow_incomplete: bool = False  # write a report even where no dimension can be scored
    include_partner: bool = False  # partner-side respondents count in the firm's scores
    firm: str | None = None  # no files: this stored firm's answers (--db), of ``year``
    year: int | None = None  # None: the firm's latest stored year
    how: TableReading | None = None  # how tables of answers are read: --map, --sheet, ...


@dataclass
class ReportRun:
    """The reports written, and the warnings to show."""

    rendered: list[Rendered] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def report_inputs(
    files: Sequence[str | Path],
    q: Questionnaire,
    r: Rubric,
    *,
    targets: TargetsBlock | None = None,
    network: NetworkResult | None = None,
    include_partner: bool = False,
    read: ReadResult | None = None,
) -> tuple[list[ReportInput], list[list[ScoredRespondent]]]:
    """One report input per firm (its respondents aggregated), and each firm's respondents.

    ``targets`` (``--targets``) override the response files' own targets per dimension;
    ``read``: the respondents read already (from a store), instead of ``files``."""
    from amc_assess.report.models import ReportInput  # lazy: reportlab-free, but pulls network

    if read is None:
        read = read_scored(files, q, r, network=network, targets=targets)
    problems = list(read.problems)
    problems += _unusable(read, targets is not None, network is not None)
    by_firm = {firm: without_copies(group)[0] for firm, group in _firms(read).items()}
    if problems:
        raise InvalidInput(problems)
    # the firm's result was validated when it was made: a report input only adds the optional
    # parts (peers, history, audit), unset here, so it is not validated again
    inputs = [
        ReportInput.model_construct(
            **dict(firm_result(firm, group, r, q=q, include_partner=include_partner))
        )
        for firm, group in by_firm.items()
    ]
    return inputs, list(by_firm.values())


def _firms(read: ReadResult) -> dict[str, list[ScoredRespondent]]:
    """The respondents read, by firm, in input order."""
    by_firm: dict[str, list[ScoredRespondent]] = {}
    for resp in read.respondents:
        by_firm.setdefault(resp.firm, []).append(resp)
    return by_firm


def _years(groups: Sequence[list[ScoredRespondent]]) -> list[str]:
    """A warning per firm whose respondents' answers are dated in different years: the report
    averages them as one assessment, where the store keeps a year apart from the next."""
    out = []
    for group in groups:
        dated = sorted((resp.date, resp.source.file) for resp in group if resp.date is not None)
        if len({date.year for date, _ in dated}) > 1:
            (first, one), (last, other) = dated[0], dated[-1]
            out.append(
                f"warning: {group[0].firm}: answers dated in different years ({one}: {first}, "
                f"{other}: {last}) are averaged as one assessment; for a trend over the years, "
                "store each year with amc history add and report with --db"
            )
    return out


def _unusable(read: ReadResult, targets_given: bool, network_given: bool = False) -> list[Problem]:
    out = []
    for resp in read.respondents:
        if targets_given and resp.source.kind != "response":
            out.append(Problem(resp.source.file, SCORED_WITH_TARGETS))
        elif network_given and resp.source.kind != "response":  # it said the audit was used
            out.append(Problem(resp.source.file, SCORED_WITH_NETWORK))
        elif (why := read.unusable.get(id(resp))) is not None:
            out.append(Problem(resp.source.where, why))
    return list(dict.fromkeys(out))


def run(
    options: ReportOptions,
    *,
    step: Callable[[Rendered], None] | None = None,
    start: Callable[[int], None] | None = None,
) -> ReportRun:
    """Read, score (response files), aggregate, attach peers/history/audit, and render.

    With ``batch``: ``start(total)`` once the worker processes run, ``step(rendered)`` after
    each report (a progress display)."""
    from amc_assess.report.collector import paused_gc  # lazy: the report package only here

    if options.batch:  # many firms read in this process: collect as usual
        return _run(options, step=step, start=start)
    with paused_gc():  # one report: imports, reading, layout (see report.collector)
        return _run(options, step=step, start=start)


def _run(
    options: ReportOptions,
    *,
    step: Callable[[Rendered], None] | None = None,
    start: Callable[[int], None] | None = None,
) -> ReportRun:
    from amc_assess.report import render_report  # lazy: reportlab only when rendering
    from amc_assess.report.brand import load_brand  # lazy: reportlab only when rendering

    o = options
    q, r = instrument(o.questionnaire, o.rubric)
    given = parse_targets(o.targets, r) if o.targets else None
    brand = load_brand(o.brand)
    read = _read_paths(o, brand.logo)
    if not o.batch:
        assert o.out is not None
        refuse_clashes(report_outputs(o.out), read)
    audit = _audit(o.network) if o.network else None
    stored = None
    if o.firm is not None:
        from amc_assess.store.stored import read_stored  # lazy: the store, for --firm only

        db = o.benchmark.db if o.benchmark else None
        stored = read_stored(db, o.firm, o.year, q, r, network=audit, targets=given)
    files, again = once(o.files)  # a file named twice is read once, as batch and history do
    if stored is None:
        stored = read_scored(files, q, r, network=audit, targets=given, how=o.how)
    inputs, groups = report_inputs(
        files, q, r, targets=given, network=audit, include_partner=o.include_partner,
        read=stored,
    )  # fmt: skip
    again += stored.notes
    repeated = counted_twice(list(_firms(stored).values()))
    from amc_assess.report.drafts import draft_warnings  # lazy: the report package only here

    warned = draft_warnings(inputs, groups, o.allow_incomplete)
    out = ReportRun(warnings=again + warned + _years(groups) + repeated)
    out.warnings += unused_templates(o.template_dir)  # names no template, or no label
    out.warnings += clash_warnings(o.questionnaire, o.rubric, q, r)  # scored apart, same name
    shared = {shown(p): sha256(p) for p in _instrument_files(o.questionnaire, o.rubric)}
    if o.brand:
        shared[shown(o.brand)] = sha256(o.brand)
    owners = read_owners(o.owners, step_ids(r)) if o.owners else {}
    if o.owners:
        shared[shown(o.owners)] = sha256(o.owners)
    inputs = [
        inp.model_copy(update={"sources": {**inp.sources, **shared}, "owners": owners})
        for inp in inputs
    ]
    if owners:
        out.warnings += unplaced_owners(owners, shown(o.owners or ""), inputs, q, r)
    if o.benchmark is not None:
        inputs = [
            _compare(inp, group, o, out.warnings) for inp, group in zip(inputs, groups, strict=True)
        ]
    if audit is not None:
        inputs = _with_network(inputs, o.network, audit)
    if not o.batch:
        if len(inputs) != 1:
            named = "; ".join(
                f"{printable(group[0].firm)} ({group[0].source.where}"
                f"{' and more' if len(group) > 1 else ''})"
                for group in groups[:SHOWN_FIRMS]
            ) + ("; ..." if len(groups) > SHOWN_FIRMS else "")
            raise InvalidInput([
                f"{len(inputs)} firms in the input{': ' + named if named else ''}; a single "
                "report shows one (use --batch --out-dir DIR for one report per firm)"
            ])  # fmt: skip
        assert o.out is not None
        out.rendered.append(render_report(inputs[0], o.out, q, r, brand, o.template_dir))
        return out
    from amc_assess.report.batch import file_names, render_batch  # lazy: process pool

    assert o.out_dir is not None
    folder = Path(o.out_dir)
    refuse_clashes(
        [pair for name in file_names(inputs) for pair in report_outputs(folder / f"{name}.pdf")],
        read,
    )
    total = len(inputs)
    out.rendered = render_batch(
        inputs, o.out_dir, q, r, brand, o.template_dir, o.jobs, step=step,
        before_wait=(lambda: start(total)) if start else None,
    )  # fmt: skip
    return out


def report_outputs(pdf: str | Path) -> list[tuple[str, Path | None]]:
    """The files a report writes: the PDF and its JSON record (:func:`record_path`; None, and
    so not compared, for a PDF sent to a stream)."""
    from amc_assess.report import record_path  # lazy: the report package loads with rendering

    return [("the report PDF", Path(pdf)), ("its JSON record", record_path(pdf))]


def _read_paths(o: ReportOptions, logo: Path | None) -> list[str | Path | None]:
    """Every file a report reads (none of them may be overwritten by it)."""
    bench = o.benchmark or BenchmarkOptions()
    targets = o.targets if o.targets and Path(o.targets).is_file() else None
    return [
        *o.files, *o.network, o.questionnaire, o.rubric, o.brand, logo, o.owners, targets,
        bench.db, bench.peer_file,
    ]  # fmt: skip


def _compare(
    inp: ReportInput, respondents: list[ScoredRespondent], o: ReportOptions, warnings: list[str]
) -> ReportInput:
    """The input with its peer statistics and history; a small group only warns. The firm is
    placed among its peers with the scores this report shows (its respondents as scored here,
    with any relationship audit), never with other figures of the same firm."""
    # one firm's own report reads neither peers nor history
    # lazy: peers and history are read from the store's frames (pandas)
    from amc_assess.benchmark import TooFewPeers, peer_stats
    from amc_assess.store.history import firm_history

    b = o.benchmark
    assert b is not None
    firm = inp.meta.firm
    update: dict[str, object] = {}
    try:
        update["peers"] = peer_stats(
            firm, db=b.db, peer_file=b.peer_file, respondents=respondents, peers=b.peers,
            min_peers=b.min_peers, allow_small_group=b.allow_small_group,
            questionnaire=o.questionnaire, rubric=o.rubric, stored=not (o.files or o.network),
        )  # fmt: skip
    except TooFewPeers as exc:
        warnings += [f"{firm}: no peer statistics in the report. {line}" for line in exc.errors]
        update["peers_withheld"] = True  # the report says why, not "once one is available"
    if b.db is not None:
        try:
            history = firm_history(
                firm, b.db, o.questionnaire, o.rubric, current=respondents,
                current_year=inp.meta.date.year if inp.meta.date else None,
            )  # fmt: skip
        except InvalidInput:
            history = None  # the firm is not in the store yet: no trend
        if history is not None and len(history.points) > 1:
            update["history"] = history
    return inp.model_copy(update=update)


def unplaced_owners(owners: dict[str, str], name: str, inputs: Sequence[ReportInput],
                    q: Questionnaire, r: Rubric) -> list[str]:  # fmt: skip
    """A warning per owner whose step is in no report's roadmap (its advice does not fit the
    answers, or another step gives it): that owner would be dropped without a word."""
    from amc_assess.report.roadmap import entries  # lazy: only with --owners

    steps = [s for inp in inputs for s in entries(inp, q, r)]
    own = {s["id"] for s in steps}
    holder = {held: s["id"] for s in steps for held in s["holds"] if held != s["id"]}
    out = []
    for step_id in owners:
        if step_id in own:
            continue
        why = (f"step {holder[step_id]!r} gives its advice: name the owner there"
               if step_id in holder else "its advice does not fit the answers")  # fmt: skip
        out.append(f"warning: {name}: {step_id}: no step of this report has this id ({why}); "
                   "its owner is not shown")  # fmt: skip
    return out


def read_owners(path: str, steps: Sequence[str] = ()) -> dict[str, str]:
    """An owners file: ``step id: owner`` lines (ids as the report's JSON record lists them);
    an id no step of the rubric has (``steps``, when given) is an error, not ignored."""
    name = shown(path)
    try:
        data = read_data(path)
    except FileError as exc:
        raise InvalidInput(
            [Problem(name, str(exc).removeprefix(f"{path}: "), kind="file")]
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            [Problem(name, "expected a mapping of step id to owner", field="(top level)")]
        )
    bad = [Problem(name, "the owner must be text", field=str(k)) for k, v in data.items()
           if not isinstance(v, str | int | float) or isinstance(v, bool)]  # fmt: skip
    known = set(steps)
    bad += [
        Problem(name, "no roadmap step has this id" + did_you_mean(str(k), steps), field=str(k))
        for k in data if known and str(k) not in known
    ]  # fmt: skip
    if bad:
        raise InvalidInput(bad)
    return {str(k): str(v) for k, v in data.items()}


def _audit(files: Sequence[str]) -> NetworkResult:
    """Analyze the alliance's ties files once (their measures are scored, their section drawn)."""
    from amc_assess.network import audit  # lazy: igraph only with an audit

    return audit([shown(p) for p in files])


def _with_network(
    inputs: list[ReportInput], files: Sequence[str], result: NetworkResult
) -> list[ReportInput]:
    """Attach the audit (and the ties files' hashes) to the one firm's input."""
    if len(inputs) > 1:
        raise InvalidInput([
            f"--network: the ties describe one alliance, but the input has {len(inputs)} "
            "firms: report one firm at a time with --network"
        ])  # fmt: skip
    problems = firm_problems([inp.meta.firm for inp in inputs], result)
    if problems:
        raise InvalidInput(problems)
    hashes = {shown(p): sha256(p) for p in files}
    return [
        inp.model_copy(update={"network": result, "sources": {**inp.sources, **hashes}})
        for inp in inputs
    ]


def _instrument_files(questionnaire: str | None, rubric: str | None) -> list[Path]:
    return [Path(questionnaire or default_questionnaire()), Path(rubric or default_rubric())]

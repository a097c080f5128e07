"""What keeps a one-firm report fast changes nothing it shows.

Paragraph lines broken once per width, compiled templates kept between runs, streams without
the ASCII85 layer: each is checked here for giving what reportlab and Jinja2 give without it.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from amc_assess.report.bytecode import TemplateCache, template_cache
from amc_assess.report.para import Para
from amc_assess.report.pdf import binary_streams
from conftest import REPO, invoke


@pytest.fixture(autouse=True)
def _no_cache_override(monkeypatch):
    """The tests point XDG_CACHE_HOME at a folder of their own; a user's AMC_CACHE_DIR would
    take precedence over it."""
    monkeypatch.delenv("AMC_CACHE_DIR", raising=False)


TEXT = "An alliance manager agrees the <b>joint plan</b> with the partner every quarter. " * 6
STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=9, leading=12)


def test_a_paragraph_breaks_its_lines_once_per_width(monkeypatch):
    para = Para(TEXT, STYLE)
    calls = []
    real = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, w: calls.append(w) or real(self, w))
    first = para.wrap(200, 1000)
    assert para.wrap(200, 50) == first  # the height offered never changes the lines
    assert len(calls) == 1
    assert para.wrap(300, 1000) != first and len(calls) == 2
    assert para.wrap(200, 1000) == first and len(calls) == 3  # only the last width is kept
    plain = Paragraph(TEXT, STYLE)
    assert plain.wrap(200, 1000) == first
    assert lines(plain) == lines(para)


def lines(para: Paragraph) -> list[str]:
    return ["".join(f.text for f in line.words) for line in para.blPara.lines]


def test_a_paragraph_split_to_nothing_lays_out_again():
    para = Para(TEXT, STYLE)
    size = para.wrap(200, 1000)
    assert para.split(200, 5) == []  # no room: reportlab drops the lines it broke
    assert not hasattr(para, "blPara")
    assert para.wrap(200, 1000) == size and hasattr(para, "blPara")
    parts = para.split(200, size[1] / 2)
    assert len(parts) == 2 and all(isinstance(p, Para) for p in parts)


def test_compiled_templates_are_kept_and_used_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    from jinja2 import DictLoader, Environment

    def render() -> tuple[str, list[str]]:
        env = Environment(loader=DictLoader({"t.j2": "{{ x | upper }}!"}))
        env.bytecode_cache = template_cache({"class": Environment})
        return env.get_template("t.j2").render(x="a"), sorted(
            p.name for p in (tmp_path / "amc-assess" / "templates").iterdir()
        )

    text, files = render()
    assert text == "A!" and len(files) == 1
    assert render() == (text, files)
    (tmp_path / "amc-assess" / "templates" / files[0]).write_bytes(b"garbage")
    assert render()[0] == "A!"  # a corrupt entry compiles afresh
    other = template_cache({"class": Environment, "trim_blocks": True})
    assert (
        isinstance(other, TemplateCache)
        and other.pattern != template_cache({"class": Environment}).pattern
    )  # other options, other entries


def test_no_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would go
    assert template_cache({}) is None


def test_read_only_cache_folder_is_no_error(tmp_path, monkeypatch):
    from jinja2 import DictLoader, Environment

    folder = tmp_path / "amc-assess" / "templates"
    folder.mkdir(parents=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = template_cache({})
    assert cache is not None
    folder.chmod(0o500)
    try:
        env = Environment(loader=DictLoader({"t.j2": "{{ 1 + 1 }}"}), bytecode_cache=cache)
        assert env.get_template("t.j2").render() == "2"
    finally:
        folder.chmod(0o700)


def test_streams_without_ascii85_and_the_setting_restored(tmp_path):
    before = rl_config.useA85
    with pytest.raises(RuntimeError), binary_streams():
        assert rl_config.useA85 == 0
        raise RuntimeError
    assert rl_config.useA85 == before
    pdf = tmp_path / "r.pdf"
    done = invoke("report", REPO / "examples" / "mid_maturity.yaml", "--out", pdf)
    assert done.exit_code == 0, done.stderr
    data = pdf.read_bytes()
    assert b"/ASCII85Decode" not in data and b"/FlateDecode" in data
    reader = PdfReader(pdf)
    assert "Executive summary" in (reader.pages[1].extract_text() or "") + (
        reader.pages[2].extract_text() or ""
    )


def test_no_template_cache_in_a_folder_others_can_write(tmp_path, monkeypatch):
    folder = tmp_path / "amc-assess" / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # another user could put compiled code there: not used
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("AMC_CACHE_DIR", raising=False)
    assert template_cache({}) is None
    folder.chmod(0o700)
    assert template_cache({}) is not None
    monkeypatch.setenv("AMC_CACHE_DIR", str(tmp_path / "elsewhere"))  # the kernels' folder too
    cache = template_cache({})
    assert cache is not None and cache.directory == str(tmp_path / "elsewhere" / "templates")


PLAIN = [
    "Alliance manager",
    "  A cell\n  on two lines  ",
    "Non-Latin: ÄÖÜ ß – “quoted” €",
    "x" * 300,
    "word " * 80,
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_gets_the_fragments_reportlabs_parser_makes(text):
    from amc_assess.report.brand import Brand
    from amc_assess.report.styles import make_styles

    for style in make_styles(Brand()).para.values():
        ours, theirs = Para(text, style), Paragraph(text, style)
        assert ours.text == theirs.text and ours.style is theirs.style
        assert [vars(f) for f in ours.frags] == [vars(f) for f in theirs.frags]
        assert [list(vars(f)) for f in ours.frags] == [list(vars(f)) for f in theirs.frags]
        assert drawn(ours) == drawn(theirs)


def drawn(para: Paragraph) -> bytes:
    """The paragraph wrapped to 120 points and drawn on a page of its own, as PDF bytes."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), invariant=1)
    _, height = para.wrap(120, 1000)
    para.drawOn(canvas, 10, 800 - height)
    canvas.showPage()
    return bytes(canvas.getpdfdata())


@pytest.mark.parametrize("text", ["", "   ", "a <b>b</b>", "Tom &amp; Jerry", "&#39;"])
def test_markup_and_empty_text_go_through_the_parser(text, monkeypatch):
    from reportlab.platypus import paraparser

    parsed = []
    real = paraparser.ParaParser.parse
    monkeypatch.setattr(
        paraparser.ParaParser, "parse", lambda self, t, s: parsed.append(t) or real(self, t, s)
    )
    Para(text, STYLE)
    assert parsed


def test_layout_helpers_remember_while_laying_out_and_are_restored():
    from reportlab.pdfgen import canvas
    from reportlab.platypus import paragraph

    from amc_assess.report.memo import HELPERS, remembered

    before = [getattr(module, name) for module, name in HELPERS]
    expected = drawn(Paragraph(TEXT, STYLE))
    with pytest.raises(RuntimeError), remembered():
        during = [getattr(module, name) for module, name in HELPERS]
        assert all(d is not b and d.__wrapped__ is b for d, b in zip(during, before, strict=True))
        with remembered():  # another layout meanwhile: the same ones
            assert [getattr(module, name) for module, name in HELPERS] == during
        assert drawn(Para(TEXT, STYLE)) == expected
        assert canvas.fp_str([1.5, 2]) == canvas.fp_str(1.5, 2) == "1.5 2"  # a list: computed
        assert paragraph.stringWidth("joint", "Helvetica", 9) == before[0]("joint", "Helvetica", 9)
        raise RuntimeError
    assert [getattr(module, name) for module, name in HELPERS] == before


def _same_code(a, b, where: str = "root") -> list[str]:
    """Where two code objects differ (marshal's bytes also differ by how strings are shared)."""
    from types import CodeType

    attrs = ("co_code", "co_names", "co_varnames", "co_filename", "co_name", "co_qualname",
             "co_firstlineno", "co_linetable", "co_exceptiontable", "co_flags", "co_freevars",
             "co_cellvars")  # fmt: skip
    out = [f"{where}.{attr}" for attr in attrs if getattr(a, attr) != getattr(b, attr)]
    if len(a.co_consts) != len(b.co_consts):
        return [*out, f"{where}.co_consts"]
    for x, y in zip(a.co_consts, b.co_consts, strict=True):
        if isinstance(x, CodeType) and isinstance(y, CodeType):
            out += _same_code(x, y, f"{where}/{x.co_name}")
        elif type(x) is not type(y) or x != y:
            out.append(f"{where}.co_consts: {x!r}")
    return out


def test_templates_compiled_ahead_are_what_jinja2_compiles_now():
    """Each bundled report template's module is the code Jinja2 makes of its text today, under
    the template's file name. Fails after editing a template: run
    ``python -m amc_assess.report.compile_templates`` and commit the modules."""
    import jinja2

    from amc_assess.report import compiled
    from amc_assess.report.precompiled import FOLDER, ahead, generate
    from amc_assess.report.text import bundled_environment

    env, folder, tag = bundled_environment()
    names = sorted(p.name for p in folder.glob("report_*.j2"))
    assert sorted(compiled.SOURCES) == names and compiled.TAG == tag
    if compiled.JINJA != jinja2.__version__:
        pytest.skip(f"modules made by Jinja2 {compiled.JINJA}, {jinja2.__version__} installed")
    files = generate(env, folder, tag)
    assert sorted(files) == sorted(p.name for p in FOLDER.glob("*.py"))
    stale = [name for name, text in files.items() if (FOLDER / name).read_text("utf-8") != text]
    assert not stale, "run python -m amc_assess.report.compile_templates: " + ", ".join(stale)
    for name in names:
        path = folder / name
        source = path.read_text("utf-8")
        code = ahead(name, source, str(path), tag)
        assert code is not None, name
        assert _same_code(code, env.compile(source, name, str(path))) == [], name


def test_a_template_compiled_ahead_is_used_only_where_it_fits(monkeypatch):
    from amc_assess.report import compiled
    from amc_assess.report.precompiled import ahead
    from amc_assess.report.text import bundled_environment

    _, folder, tag = bundled_environment()
    path = folder / "report_cover.j2"
    source = path.read_text("utf-8")
    assert ahead(path.name, source, str(path), tag) is not None
    assert ahead(path.name, source + "\n", str(path), tag) is None  # edited text
    assert ahead(path.name, source, str(path), "0" * 12) is None  # other options
    assert ahead("report_new.j2", source, str(path), tag) is None  # none made
    monkeypatch.setattr(compiled, "JINJA", "0.0")  # made by another Jinja2
    assert ahead(path.name, source, str(path), tag) is None


def test_a_report_compiles_no_bundled_template_and_overrides_as_before(tmp_path, monkeypatch):
    """An empty cache folder: the bundled templates load as compiled ahead, nothing is compiled;
    an overriding template (and only it) compiles from its text, and its error names its line."""
    from jinja2 import Environment

    from amc_assess.report import text

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    compiled_now: list[str] = []
    real = Environment.compile
    monkeypatch.setattr(
        Environment, "compile", lambda self, s, name=None, *a, **k: compiled_now.append(name)
        or real(self, s, name, *a, **k),
    )  # fmt: skip
    text.environment.cache_clear()  # environments made by other tests kept their cache folder
    try:
        pdf = tmp_path / "r.pdf"
        example = REPO / "examples" / "mid_maturity.yaml"
        assert invoke("report", example, "--out", pdf).exit_code == 0
        assert compiled_now == []
        override = tmp_path / "t"
        override.mkdir()
        (override / "report_cover.j2").write_text("<p>{{ firm }}</p>\n<p>{{ nothing }}</p>\n")
        done = invoke("report", example, "--out", pdf, "--template-dir", override)
    finally:
        text.environment.cache_clear()
    assert compiled_now == ["report_cover.j2"]
    assert done.exit_code != 0 and "report_cover.j2: line 2" in done.output, done.output


def test_an_error_in_a_template_compiled_ahead_names_its_line():
    """The same message as from the template compiled from its text (a missing variable)."""
    from jinja2 import TemplateError

    from amc_assess.report.precompiled import AheadLoader
    from amc_assess.report.text import bundled_environment
    from amc_assess.sandbox import where

    env, _, _ = bundled_environment()
    assert isinstance(env.loader, AheadLoader)
    messages = []
    for loader in (env.loader, env.loader.inner):
        fresh = env.overlay(loader=loader, bytecode_cache=None, cache_size=0)
        with pytest.raises(TemplateError) as caught:
            fresh.get_template("report_summary.j2").render()
        messages.append(where(caught.value, "report_summary.j2"))
    assert messages[0] == messages[1] and ": line " in messages[0], messages

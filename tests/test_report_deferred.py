"""What a one-firm report leaves for later (or never) at start gives the same results when used.

reportlab's URL and CJK-wrap expressions compile on first use, ``PIL.Image`` loads on first
use, the CJK fonts are chosen by code point ranges, and the garbage collector waits while a
report is made (:mod:`amc_assess.deferred`, ``fonts``, ``collector``).
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys

import pytest

import amc_assess.report  # noqa: F401 - installs the hook before reportlab is imported
from amc_assess.deferred import Pattern
from amc_assess.report import fonts
from amc_assess.report.collector import paused_gc
from conftest import REPO

URIS = [
    "http://example.com/a/b",
    "https://user:pw@127.0.0.1:8080/x?y#z",
    "ftp://[::1]/file",
    "HTTPS://Bücher.example.DE/päth",
    "mailto:someone@example.com",
    "http://-bad-.com",
    "not a uri",
    "",
]


def test_a_report_compiles_no_unused_expression_and_loads_no_pil(tmp_path):
    code = """
import gc, json, re, sys
from amc_assess.cli import main
try:
    main(["report", "examples/mid_maturity.yaml", "-o", sys.argv[1]])
except SystemExit:
    pass
from reportlab.platypus import paragraph
from reportlab.lib import textsplit
import jinja2._identifier, yaml.reader
print(json.dumps({
    "yaml": type(yaml.reader.Reader.NON_PRINTABLE).__name__,
    "jinja2": type(jinja2._identifier.pattern).__name__,
    "used": [k for k in ("_compiled", "search", "match") if k in vars(jinja2._identifier.pattern)
             or k in vars(yaml.reader.Reader.NON_PRINTABLE)],
    "uri_pat": type(paragraph.uri_pat).__name__, "compiled": "_compiled" in vars(paragraph.uri_pat),
    "rx": type(textsplit.rx).__name__,
    "pil": type(sys.modules["PIL.Image"]).__name__,
    "re.compile": re.compile.__module__, "gc": gc.isenabled(),
}))
"""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "r.pdf")],
            capture_output=True,
            text=True,
            check=True,
        )
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {
        "yaml": "Pattern", "jinja2": "Pattern", "used": [],
        "uri_pat": "Pattern", "compiled": False, "rx": "Pattern", "pil": "_LazyModule",
        "re.compile": "re", "gc": True,
    }  # fmt: skip


def test_deferred_expressions_match_as_compiled_ones():
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    # (in a test session that imported reportlab first, these are reportlab's own patterns)
    uri = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    for text in URIS:
        ours, real = paragraph.uri_pat.match(text), uri.match(text)
        assert (ours and ours.groups()) == (real and real.groups())
    rx = re.compile("([\u2e80-\uffff])", re.UNICODE)
    text = "北京联盟 alliance 서울 Ж"
    assert textsplit.rx.sub(r"\1\0 ", text) == rx.sub(r"\1\0 ", text)
    assert textsplit.rx.pattern == rx.pattern and textsplit.rx.flags == rx.flags
    from reportlab.lib import PyFontify, rl_safe_eval

    listing = "def f(x):  # a comment\n    return \"s\" + 't'\n"
    match = re.compile(PyFontify.matchRE.pattern)
    assert [m.span() for m in PyFontify.matchRE.finditer(listing)] == [
        m.span() for m in match.finditer(listing)
    ]
    unsafe = rl_safe_eval.__rl_unsafe_re__
    assert unsafe.search("x.__globals__") and not unsafe.search("a + b")


def test_a_pattern_compiles_once_and_only_when_used():
    pattern = Pattern("a+b", re.I)
    assert "_compiled" not in vars(pattern)
    assert pattern.match("AAb").group() == "AAb"
    compiled = vars(pattern)["_compiled"]
    assert pattern.findall("ab xaab") == ["ab", "aab"]
    assert vars(pattern)["_compiled"] is compiled


def test_pil_image_works_when_used():
    from PIL import Image

    assert Image.new("RGB", (3, 2)).size == (3, 2)


def test_fonts_by_code_point_as_by_the_former_expressions():
    hangul = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
    cjk = re.compile(
        r"[\u2e80-\u2fdf\u3000-\u30ff\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        r"\uff00-\uffef]"
    )
    codes = {c + d for first, last in (*fonts._HANGUL, *fonts._CJK) for c in (first, last)
             for d in (-1, 0, 1)} | set(range(0x100, 0x600)) | {0x10000, 0x1F600}  # fmt: skip
    for code in sorted(codes):
        char = chr(code)
        if fonts._standard(char):
            continue
        expected = fonts.HANGUL if hangul.match(char) else fonts.CJK if cjk.match(char) else (
            fonts.UNICODE
        )  # fmt: skip
        assert fonts.font_for(char) == expected, hex(code)


def test_garbage_collection_paused_while_laying_out_and_restored():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()


# With the hook in place before PyYAML and Jinja2 load (as the command line has it), their
# deferred expressions give what the compiled ones give.
LATER = r"""
import json, re
from amc_assess import deferred
import jinja2, yaml
from yaml.reader import Reader
from jinja2 import _identifier
assert type(Reader.NON_PRINTABLE) is deferred.Pattern, type(Reader.NON_PRINTABLE)
assert type(_identifier.pattern) is deferred.Pattern, type(_identifier.pattern)
printable = re.compile(Reader.NON_PRINTABLE._args[0])
texts = ["plain", "tab\there", "bell\x07", "nel\x85ok", "\ufffe", "emoji \U0001F600", "\x00"]
out = {"search": [[bool(Reader.NON_PRINTABLE.search(t)), bool(printable.search(t))] for t in texts]}
try:
    yaml.load("a: b\x07", Loader=yaml.SafeLoader)  # the pure-Python reader checks with it
except yaml.reader.ReaderError as exc:
    out["reader"] = str(exc).splitlines()[0]
env = jinja2.Environment()
out["jinja2"] = env.from_string("{% set größe = 3 %}{{ größe * x }}|{{ naïve }}").render(x=2, naïve="é")
names = re.compile(_identifier.pattern._args[0])
out["names"] = [[bool(p.fullmatch(n)) for p in (_identifier.pattern, names)]
                for n in ("abc", "größe", "a·b", "1x", "-", "a b")]
print(json.dumps(out))
"""


def test_yaml_and_jinja2_expressions_deferred_work_as_compiled_ones():
    done = subprocess.run(
        [sys.executable, "-c", LATER], capture_output=True, text=True, check=True, cwd=REPO
    )
    out = json.loads(done.stdout)
    assert all(ours == real for ours, real in out["search"]), out["search"]
    assert [s[1] for s in out["search"]] == [False, False, True, False, True, False, True]
    assert out["reader"].startswith("unacceptable character #x0007")
    assert out["jinja2"] == "6|é"
    assert out["names"] == [[m, m] for m in (True, True, True, True, False, False)]

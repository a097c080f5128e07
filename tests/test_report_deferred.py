"""What a one-firm report leaves for later (or never) at start gives the same results when used.

reportlab's URL and CJK-wrap expressions compile on first use, ``PIL.Image`` loads on first
use, the CJK fonts are chosen by code point ranges, and the garbage collector waits while a
report is made (:mod:`amc_assess.report.deferred`, ``fonts``, ``collector``).
"""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys

import pytest

import amc_assess.report  # noqa: F401 - installs the hook before reportlab is imported
from amc_assess.report import fonts
from amc_assess.report.collector import paused_gc
from amc_assess.report.deferred import Pattern
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
print(json.dumps({
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

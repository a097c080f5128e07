"""Report wording: Jinja2 templates rendered to a small block markup, then to paragraphs.

Templates live in the bundled ``report_templates/`` folder; ``--template-dir`` overrides them
file by file. Autoescape is on, so every value a template prints (firm, respondent, notes) is
escaped for reportlab's paragraph markup: a ``<b>`` or ``&`` typed by a user prints literally.

A rendered template is a sequence of blocks, one element each::

    <h1>Executive summary</h1>          headings h1, h2 (in the PDF outline) and h3
    <p>Text with <b>inline</b> markup</p>   also: li (bullet), small, lead, callout kind="caution"
    <flow name="radar"/>                 a chart or table the code supplies for that section

Block tags come only from template text: escaped user text cannot open or close one.
``report_labels.j2`` holds the short labels (table headers, chart legends) as ``key: text`` lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup
from markupsafe import escape as markup_escape

from amc_assess.formats import fmt_gap, fmt_pct, fmt_progress, fmt_score
from amc_assess.problems import InvalidInput
from amc_assess.report.fonts import clean
from amc_assess.report.scale import ScoreScale
from amc_assess.resources import data_dir, template_loader

BLOCK_KINDS = ("h1", "h2", "h3", "p", "li", "small", "lead", "callout", "title", "subtitle", "meta")
_BLOCK = re.compile(
    r"<(?P<kind>" + "|".join(BLOCK_KINDS) + r")(?P<attrs>(?:\s+[a-z_]+=\"[^\"]*\")*)\s*>"
    r"(?P<body>.*?)</(?P=kind)>"
    r"|<flow\s+name=\"(?P<flow>[a-z_]+)\"\s*/>",
    re.S,
)
_ATTR = re.compile(r"([a-z_]+)=\"([^\"]*)\"")
_SPACE = re.compile(r"\s+")


@dataclass
class Block:
    kind: str  # one of BLOCK_KINDS, or "flow"
    text: str = ""  # paragraph markup (escaped user text inside)
    attrs: dict[str, str] = field(default_factory=dict)


def _finalize(value: Any) -> Any:
    """Every printed value: None shows as a dash; user text loses line breaks and controls."""
    if value is None:
        return "–"
    if isinstance(value, str) and not isinstance(value, Markup):
        return _SPACE.sub(" ", clean(value)).strip()
    return value


def ordinal(value: float | None) -> str:
    if value is None:
        return "–"
    n = int(round(value))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_list(names: list[str]) -> str:
    """``a, b and c``."""
    names = [str(n) for n in names]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


@cache
def environment(template_dir: str | None = None) -> Any:
    """The Jinja2 environment: the override folder first, then the bundled templates."""
    from jinja2 import StrictUndefined  # lazy: jinja2 only when rendering

    from amc_assess.report.bytecode import options_tag, template_cache  # lazy: imports jinja2
    from amc_assess.report.precompiled import AheadLoader  # lazy: imports jinja2
    from amc_assess.sandbox import environment as sandboxed  # lazy: imports jinja2

    options: dict[str, Any] = {
        "autoescape": True,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "finalize": _finalize,
    }
    loader = template_loader(template_dir)
    env = sandboxed(loader=loader, **options)
    env.filters.update(
        score=fmt_score,
        pct=fmt_pct,
        progress=fmt_progress,
        gap=fmt_gap,
        ordinal=ordinal,
        and_list=and_list,
    )
    # compiled templates kept between runs; the code depends on the class, options and filters
    described = {**options, "class": type(env), "filters": sorted(env.filters)}
    env.bytecode_cache = template_cache(described)
    # the bundled templates as compiled ahead for these options (see report.precompiled)
    env.loader = AheadLoader(loader, data_dir("report_templates"), options_tag(described))
    return env


def bundled_environment() -> tuple[Any, Path, str]:
    """The report's environment without overrides, the bundled templates' folder and the tag
    of the environment's options: what the templates compiled ahead are made for."""
    env = environment(None)
    return env, Path(env.loader.bundled), env.loader.tag


def check_template_dir(template_dir: str | Path | None) -> str | None:
    if template_dir is None:
        return None
    path = Path(template_dir)
    if not path.is_dir():
        raise InvalidInput([f"{template_dir}: template folder not found"])
    return str(path.resolve())


def render(name: str, context: Mapping[str, Any], template_dir: str | None = None) -> str:
    """Render one template; a template error becomes a one-line InvalidInput."""
    from jinja2 import TemplateError  # lazy: jinja2 only when rendering

    from amc_assess.sandbox import where  # lazy: imports jinja2

    try:
        return str(environment(template_dir).get_template(name).render(**context))
    except TemplateError as exc:
        raise InvalidInput([f"{where(exc, name)}: {exc}"]) from None


def blocks(name: str, context: Mapping[str, Any], template_dir: str | None = None) -> list[Block]:
    """Render a section template and split it into blocks; stray text is an error."""
    out = render(name, context, template_dir)
    found, pos = [], 0
    for match in _BLOCK.finditer(out):
        _stray(name, out[pos : match.start()])
        pos = match.end()
        if match.group("flow"):
            found.append(Block("flow", attrs={"name": match.group("flow")}))
            continue
        body = _SPACE.sub(" ", match.group("body")).strip()
        attrs = dict(_ATTR.findall(match.group("attrs") or ""))
        found.append(Block(match.group("kind"), body, attrs))
    _stray(name, out[pos:])
    return found


def _stray(name: str, text: str) -> None:
    if text.strip():
        snippet = _SPACE.sub(" ", text.strip())[:60]
        raise InvalidInput(
            [f"{name}: text outside a block element (<p>, <h1>, <li>...): {snippet!r}"]
        )


def labels(context: Mapping[str, Any], template_dir: str | None = None) -> dict[str, str]:
    """Short plain-text labels from ``report_labels.j2``: one ``key: text`` per line (a
    context without a ``scale`` labels the axes 1 to 5). An overriding file gives the labels
    it names; the others keep the bundled wording (one left out had the report fail)."""
    context = {"scale": ScoreScale(), **context}
    found = label_lines(render("report_labels.j2", context))
    if template_dir is not None:
        found.update(label_lines(render("report_labels.j2", context, template_dir)))
    return found


def label_lines(text: str) -> dict[str, str]:
    """The ``key: text`` lines of a rendered labels template."""
    found = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.strip().startswith("#"):
            found[key.strip()] = html.unescape(value.strip())
    return found


def plain(markup: str) -> str:
    """Markup to plain text (for the PDF outline and metadata)."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def escape(text: str) -> str:
    """Plain text to paragraph markup."""
    return str(markup_escape(_finalize(text)))

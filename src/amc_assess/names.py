"""Names as the user sees them: paths in messages, firm keys, file-name slugs.

The ground of the package: it imports nothing of its own, so any module may use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

VERSION_COLUMNS = ("instrument", "instrument_version", "rubric", "rubric_version")
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
                          "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th",
                          "'": "", "’": "", "`": ""})  # fmt: skip


Paths = str | Path | Sequence[str | Path]  # one file, or several


def as_paths(paths: Paths) -> list[str | Path]:
    """``paths`` as a list: one path given alone (``"a.yaml"``) is one file, not a sequence of
    one-letter names."""
    if isinstance(paths, str | Path):
        return [paths]
    return list(paths)


def same_file(path: Path) -> Path:
    """A key equal for two names of one file (``a.csv``, ``./a.csv``, a link to it)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: the name itself
        return path


def once(paths: Sequence[str | Path]) -> tuple[list[str | Path], list[str]]:
    """``paths`` with each file kept where it first comes, and a warning per later name of
    one of them (``a.csv ./a.csv``): every command reads such a file once."""
    seen: dict[Path, str | Path] = {}
    out: list[str | Path] = []
    warnings: list[str] = []
    for path in paths:
        key = same_file(Path(path))
        if key in seen:
            warnings.append(given_again(path, seen[key]))
            continue
        seen[key] = path
        out.append(path)
    return out, warnings


def given_again(again: str | Path, first: str | Path) -> str:
    """The warning for a file named again among a command's inputs."""
    return (
        f"warning: {shown(again)}: given more than once among the inputs (as "
        f"{shown(first)} first): read once"
    )


def shown(path: str | Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def firm_key(name: str) -> str:
    """The key a firm is stored and grouped under: its name as written, spacing aside.

    ``Strauß AG`` and ``STRAUSS AG`` stay two firms until the user says they are one
    (``amc history rename``); finding a firm from a typed name is :func:`loose_key`'s job."""
    return " ".join(str(name).split())


def folded_key(name: str) -> str:
    """A name with case and spacing aside: how an assessment's identity (its content hash)
    names its firm and respondent, so that the same assessment is recognized however its
    names were capitalized."""
    return " ".join(str(name).split()).casefold()


def loose_key(name: str) -> str:
    """The key a typed firm name is *found* by (not its identity): case, accents, ß/ss and
    punctuation aside, ``Müller & Söhne GmbH`` -> ``muller sohne gmbh``."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text(name).casefold()).split())


def pick_firm(name: str, firms: Sequence[str]) -> tuple[str | None, list[str]]:
    """The firm of ``firms`` a typed ``name`` means, else the nearest names: the exact firm
    (spacing aside), else the one whose name matches with case, accents and punctuation
    aside; several such firms are not guessed between (they are returned as the nearest)."""
    exact = [firm for firm in firms if firm_key(firm) == firm_key(name)]
    if exact:
        return exact[0], []
    keys = {firm: loose_key(firm) for firm in dict.fromkeys(firms)}
    same = sorted(firm for firm, key in keys.items() if key == loose_key(name))
    if len(same) == 1:
        return same[0], []
    if same:
        return None, same
    import difflib  # lazy: only when a typed name matches no firm

    typed = loose_key(name)
    near = difflib.get_close_matches(typed, list(keys.values()), n=3, cutoff=0.6)
    close = [firm for key in near for firm, k in keys.items() if k == key]
    # a name typed short ("Lumora" for "Lumora Medical Inc."): the firms it begins
    begun = sorted(firm for firm, key in keys.items() if typed and key.startswith(typed))
    return None, list(dict.fromkeys(close + begun))[:3]


def ascii_text(text: str) -> str:
    """``Müller & Søhne`` -> ``Muller & Sohne``: accents and ligatures transliterated."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return text.encode("ascii", "ignore").decode()


def slug(name: str, limit: int = 60, empty: str = "firm") -> str:
    """A safe file-name stem: ASCII letters, digits and dashes (``empty`` when none are left)."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text(name)).strip("-").lower()
    return text[:limit].strip("-") or empty

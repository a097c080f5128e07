"""The ``amc`` command has numpy make large arrays of 4 KiB pages (amc_assess.cli.small_pages)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from amc_assess.cli import NUMPY_HUGE_PAGES

THP = Path("/sys/kernel/mm/transparent_hugepage/enabled")

AFTER_MAIN = """
from amc_assess.cli import main
try:
    main(['--version'])
except SystemExit:
    pass
import numpy as np

def huge_kib(array):
    address = array.ctypes.data + array.nbytes // 2  # the head shares a page with others
    with open("/proc/self/smaps") as handle:
        inside = False
        for line in handle:
            head = line.split()[0]
            if "-" in head and not head.endswith(":"):
                start, end = (int(x, 16) for x in head.split("-"))
                inside = start <= address < end
            elif inside and line.startswith("AnonHugePages:"):
                return int(line.split()[1])
    raise LookupError("no mapping holds the array")

advised = np._core.multiarray._set_madvise_hugepage(True)  # returns the setting it replaces
np._core.multiarray._set_madvise_hugepage(advised)
block = np.ones(64 * 2**20 // 8)
print("ADVISED", advised, "HUGE_KIB", huge_kib(block) if SMAPS else -1)
"""


def after_main(given: str | None, smaps: bool) -> tuple[str, int]:
    env = {k: v for k, v in os.environ.items() if k != NUMPY_HUGE_PAGES}
    if given is not None:
        env[NUMPY_HUGE_PAGES] = given
    code = f"SMAPS = {smaps}\n" + AFTER_MAIN
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    _, advised, _, huge = out.stdout.split()[-4:]
    return advised, int(huge)


@pytest.mark.parametrize(("given", "advised"), [(None, "False"), ("1", "True"), ("0", "False")])
def test_amc_has_numpy_advise_no_huge_pages_unless_the_user_chose(given, advised):
    assert after_main(given, smaps=False)[0] == advised


@pytest.mark.skipif(
    not THP.exists() or "[madvise]" not in THP.read_text(),
    reason="huge pages only where advised (Linux, transparent_hugepage = madvise)",
)
def test_an_array_made_in_amc_holds_no_huge_pages_unless_the_user_asked_for_them():
    assert after_main(None, smaps=True)[1] == 0
    assert after_main("1", smaps=True)[1] > 0

"""The C kernels: compiled once into the cache folder, loaded from it afterwards, and where
no compiler works the engine falls back to numba with the same figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, numpy as np, pandas as pd
from amc_assess import kernels, native
from amc_assess.api import instrument
from amc_assess.scoring import score_frame
q, r = instrument()
rng = np.random.default_rng(3)
cols = {}
for i in q.items():
    if i.type in ("agreement", "number"):
        lo, hi = (1, 5) if i.type == "agreement" else (int(i.min), min(int(i.max), 200))
        cols[i.id] = rng.integers(lo, hi + 1, 5000).astype(float)
    elif i.type != "text":
        cols[i.id] = pd.Categorical.from_codes(rng.integers(0, len(i.codes()), 5000),
                                               categories=list(i.codes()))
frame = pd.DataFrame(cols)
agree = [i.id for i in q.items() if i.type == "agreement"]
frame.loc[::11, agree[0]] = np.nan
frame.loc[::13, agree[1]] = 9.0
scored = score_frame(frame, q, r)
print(json.dumps({
    "native": native.library() is not None,
    "numba": "numba" in __import__("sys").modules,
    "scores": np.nan_to_num(scored.figures["structure_score"], nan=-1).tolist(),
    "levels": scored.figures["structure_level"].tolist(),
    "invalid": len(scored.invalid),
}))
"""


def run(tmp_path, **env):
    environ = {**os.environ, "AMC_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(tmp_path)}
    environ.pop("AMC_KERNELS", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT], env={**environ, **env},
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_compiled_once_then_loaded_and_numba_where_no_compiler_works(tmp_path):
    first = run(tmp_path)
    libraries = list((tmp_path / "cache").glob("kernels-*.so"))
    assert first["native"] and not first["numba"] and len(libraries) == 1
    assert not list((tmp_path / "cache").glob("*.partial"))  # never a half-written library
    assert oct((tmp_path / "cache").stat().st_mode & 0o777) == "0o700"
    stamp = libraries[0].stat().st_mtime_ns
    again = run(tmp_path)  # loaded, not compiled again
    assert again == first and libraries[0].stat().st_mtime_ns == stamp
    fallback = run(tmp_path / "other", CC="false")  # the compiler fails: numba instead
    assert not fallback["native"] and fallback["numba"]
    assert {k: fallback[k] for k in ("scores", "levels", "invalid")} == {
        k: first[k] for k in ("scores", "levels", "invalid")
    }
    assert first["invalid"] == len(range(0, 5000, 13)) and min(first["levels"]) >= 1


def test_a_library_in_a_folder_others_can_write_is_never_loaded(tmp_path):
    run(tmp_path)
    (tmp_path / "cache").chmod(0o777)  # as if another user could have planted it
    try:
        got = run(tmp_path, CC="false", TMPDIR=str(tmp_path / "none"))
    finally:
        (tmp_path / "cache").chmod(0o700)
    assert not got["native"] and got["numba"]

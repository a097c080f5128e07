"""The bundled data folders ship inside the wheel and are found in an editable install too."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import amc_assess
from amc_assess.resources import DATA_FOLDERS, data_dir
from conftest import REPO


def test_editable_or_checkout_finds_the_repository_folders():
    if not Path(amc_assess.__file__).resolve().is_relative_to(REPO / "src"):
        pytest.skip("amc_assess is not imported from this checkout")
    for name in DATA_FOLDERS:
        assert data_dir(name) == REPO / name


def test_unknown_folder_is_refused():
    with pytest.raises(ValueError, match="unknown data folder 'secrets'"):
        data_dir("secrets")


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_validates_the_bundled_defaults(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(REPO)],
        check=True, cwd=tmp_path,
    )  # fmt: skip
    wheel = next(dist.glob("amc_assess-*.whl"))
    # the package declares its annotations to type checkers (PEP 561)
    assert "amc_assess/py.typed" in zipfile.ZipFile(wheel).namelist()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # reuse this interpreter's installed dependencies without re-downloading them
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [str(py), "-c", "import amc_assess.resources as r; print(r.data_dir('rubrics'))"],
        check=True, capture_output=True, text=True, cwd=run_dir, env=env,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(env_dir), where
    amc = env_dir / "bin" / "amc"
    result = subprocess.run(
        [str(amc), "validate"], capture_output=True, text=True, cwd=run_dir, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
    assert "(amc 1.0.0," in result.stdout
    example = Path(where).parent / "examples" / "mid_maturity.yaml"
    result = subprocess.run(
        [str(amc), "score", str(example), "--format", "csv"],
        capture_output=True, text=True, cwd=run_dir, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("Lumora Medical")
    pdf = run_dir / "demo.pdf"
    result = subprocess.run(
        [str(amc), "report", str(example), "--out", str(pdf)],
        capture_output=True, text=True, cwd=run_dir, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and (run_dir / "demo.json").exists()

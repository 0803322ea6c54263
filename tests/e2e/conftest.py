import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_need import need

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def frontwatch_bin() -> str:
    exe = Path(sys.executable).parent / "frontwatch"
    return str(exe) if exe.exists() else shutil.which("frontwatch")


@pytest.fixture(scope="session")
def fw_home(tmp_path_factory):
    """One data directory for the session: the gazetteer index is built once."""
    return tmp_path_factory.mktemp("fwhome")


@pytest.fixture
def run(fw_home):
    """Run the installed `frontwatch` entry point as a user would."""
    def _run(*args, input=None, check=False, home=None):
        env = dict(os.environ, FRONTWATCH_HOME=str(home or fw_home))
        proc = subprocess.run([frontwatch_bin(), *map(str, args)], input=input, capture_output=True, text=True,
                              env=env, timeout=600)
        if check and proc.returncode != 0:
            raise AssertionError(f"frontwatch {' '.join(map(str, args))} failed:\n{proc.stderr}")
        return proc
    return _run


@pytest.fixture(scope="session")
def shared():
    if not (SHARED / "seed" / "article.txt").exists():
        need(False, f"{SHARED} is absent: the shared seed and gold data are read by path, never copied")
    return SHARED

"""Creates and re-enters the virtualenv a script under scripts/ runs in.

Each script calls `ensure(requirements_file)` first: run with any python3, it builds
scripts/.venv (or $ROCBERT_VENV) with the pinned PyPI packages if needed, then re-executes
itself inside it. Nothing here is needed to build or test the Swift package.
"""
import os
import subprocess
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent


def venv_dir() -> Path:
    return Path(os.environ.get("ROCBERT_VENV", SCRIPTS / ".venv"))


def ensure(requirements: str) -> None:
    """Re-runs the calling script inside the venv with `requirements` installed."""
    venv = venv_dir()
    python = venv / "bin" / "python3"
    req = SCRIPTS / requirements
    stamp = venv / f".installed-{req.name}"
    if Path(sys.prefix).resolve() == venv.resolve() and stamp.exists():
        return
    if not python.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
    if not stamp.exists() or stamp.read_text() != req.read_text():
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "-r", str(req)])
        stamp.write_text(req.read_text())
    os.execv(str(python), [str(python), *sys.argv])

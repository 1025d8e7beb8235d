"""The environment every benchmark script sets before Django starts (import it first).

Demo mode (synthetic data, a throwaway access-log key), and a checkpoint directory of
the benchmark database's own: checkpoints of a benchmark database written beside the
demo database's would make `audit verify` of the demo rightly report removed records.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerkdossier.settings")
os.environ.setdefault("NETWERKDOSSIER_DEMO", "1")  # synthetic data, throwaway key
# The project's var/ whatever the working directory: Django's default is ./var, and a
# script started from benchmarks/ made a second demo key there, whose records
# `audit verify` (run from the root) rightly called forged (docs/benchmarks.md).
_VAR = Path(__file__).resolve().parent.parent / "var"
os.environ.setdefault("NETWERKDOSSIER_VAR_DIR", str(_VAR))
_DATABASE = urlparse(os.environ.get("DATABASE_URL", "")).path.strip("/") or "sqlite"
os.environ.setdefault("AUDIT_CHECKPOINT_DIR", str(_VAR / "benchmark-checkpoints" / _DATABASE))

"""Where numba keeps its compiled kernels when the package folder cannot be written.

The expected utility model's kernels are compiled with ``@njit(cache=True)``: numba
writes them beside the source (``accord/models/__pycache__``), or failing that in the
user's cache, and raises "no locator available" where neither can be written (a package
installed by root, a user without a writable home). :func:`configure` runs when the
compiled kernel module (``accord/models/_eum_kernel.py``) is first imported, just before
numba is (a small case never imports either): where ``NUMBA_CACHE_DIR`` is unset and the
package folder is not writable, it points numba at ``$XDG_CACHE_HOME/accord/numba``
(``~/.cache/accord/numba``), or else at a fresh private temporary folder (compiled again
each run, never shared with another user: numba's cache files are pickles).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import MutableMapping

__all__ = ["configure"]

PACKAGE_CACHE = Path(__file__).resolve().parent / "models" / "__pycache__"


def _writable(folder: Path) -> bool:
    """Can a file be made in ``folder`` (made if absent)? Tried, as numba does."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def configure(package_cache: Path = PACKAGE_CACHE, environ: MutableMapping[str, str] = os.environ) -> str | None:
    """Set ``NUMBA_CACHE_DIR`` in ``environ`` where the package's cache cannot be written.

    Returns the folder numba will use for accord's kernels (``None``: beside the source).
    A ``NUMBA_CACHE_DIR`` the user set is left as it is.
    """
    if environ.get("NUMBA_CACHE_DIR"):
        return environ["NUMBA_CACHE_DIR"]
    if _writable(package_cache):
        return None
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME") or "~").expanduser() / ".cache")
    user = Path(base) / "accord" / "numba"
    if Path(base).is_absolute() and _writable(user):
        environ["NUMBA_CACHE_DIR"] = str(user)
        return str(user)
    try:
        private = tempfile.mkdtemp(prefix="accord-numba-")
    except OSError:
        return None  # nowhere to write: numba will say so when a kernel is compiled
    environ["NUMBA_CACHE_DIR"] = private
    return private

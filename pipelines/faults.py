"""System faults a user can fix (a full disk, a read-only folder, no permission, a memory limit DuckDB cannot
read) as one Indonesian sentence that names the path (or the setting) and what to do, instead of a stack trace.
Used by the command line and the dashboard."""
from __future__ import annotations

import errno
import os
from pathlib import Path

from pipelines.memory_limit import MEMORY_LIMIT_ENV, UNREADABLE_SIZE
from pipelines.present.glossary import text

_KINDS = (  # (errno values, words DuckDB and the OS use, glossary key)
    ({errno.ENOSPC, errno.EDQUOT}, ("no space left on device", "disk quota exceeded", "disk full"), "fault_disk_full"),
    ({errno.EROFS}, ("read-only file system",), "fault_read_only"),
    ({errno.EACCES, errno.EPERM}, ("permission denied", "operation not permitted"), "fault_permission"),
)


def system_fault(exc: BaseException, path: Path | None = None, lang: str = "id") -> str | None:
    """The sentence for `exc` when it is a fault of the disk or the folder (OSError or a DuckDB IO error); the
    path is the one the error names, else `path`. None for anything else."""
    code = getattr(exc, "errno", None)
    words = str(exc).lower()
    if any(p in words for p in UNREADABLE_SIZE) and MEMORY_LIMIT_ENV in os.environ:
        return text("fault_memory_limit", lang, env=MEMORY_LIMIT_ENV, value=os.environ[MEMORY_LIMIT_ENV])
    for codes, phrases, key in _KINDS:
        if code in codes or any(p in words for p in phrases):
            where = getattr(exc, "filename", None) or (str(path) if path else "?")
            folder = str(Path(where).parent) if where != "?" else "?"
            return text(key, lang, path=where, folder=folder)
    return None

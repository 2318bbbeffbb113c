"""Reading and writing the knowledge base's files: UTF-8 text in, whole files out."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from .problems import Finding, Problem


def decode(raw: bytes) -> str | Finding:
    """*raw* as UTF-8 text (without a byte-order mark), or the finding that locates its first byte
    that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return Finding(Problem.ENCODING, f"not UTF-8 (byte 0x{raw[error.start]:02x} on this line)", line)


#: The process's file creation mask (reading it means setting it, so it is read once, on import).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write *text* (or bytes) to *path* so that readers see the old file or the new one, never half of one.

    The file gets the permissions of any file the process creates (``0o666`` less the umask), not
    the temporary file's owner-only ones: a web server running as another user must read it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, 0o666 & ~_UMASK)
        with (os.fdopen(handle, "wb") if isinstance(text, bytes)
              else os.fdopen(handle, "w", encoding="utf-8", newline="\n")) as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """Write *text* (or bytes) to *path* (atomically) unless it already holds exactly that; True if
    written.

    An unchanged output keeps its timestamp, so a rebuild that changes nothing writes nothing.
    """
    try:
        if isinstance(text, bytes):
            if path.read_bytes() == text:
                return False
        else:
            with path.open(encoding="utf-8", newline="") as file:  # as written: iCalendar's CRLF included
                if file.read() == text:
                    return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text)
    return True


def write_kept(path: Path, tag: Any, kept: Any) -> None:
    """Keep *kept* for the next build in *path* (a pickle beside the doctrees), under *tag*: what
    it is valid for (a version of its form, a builder)."""
    write_if_changed(path, pickle.dumps((tag, kept), protocol=5))


def read_kept(path: Path, tag: Any) -> Any:
    """What a build kept in *path* under *tag* (:func:`write_kept`), or None when there is none it
    can read: missing, kept under another tag, or not one a build wrote (unpickling raises many
    kinds of error)."""
    try:
        found = pickle.loads(path.read_bytes())
    except Exception:
        return None
    return found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == tag else None

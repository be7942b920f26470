"""Collect static files only when they changed (whitenoise compression takes many seconds)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

STAMP = ".daihoi-sources"


def sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time."""
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    entries.append(str(settings.STORAGES["staticfiles"]["BACKEND"]))
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_static(force: bool = False) -> bool:
    """Run collectstatic unless STATIC_ROOT already holds these sources. True if it ran."""
    stamp = Path(settings.STATIC_ROOT) / STAMP
    fingerprint = sources_fingerprint()
    if not force and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True

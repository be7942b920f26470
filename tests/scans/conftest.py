from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _scans_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Images stored under the test's own folder; pages read at once, in the test's thread."""
    settings.DAIHOI_SCANS_DIR = tmp_path / "scans"
    settings.DAIHOI_SCANS_INLINE = True

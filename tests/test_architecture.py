"""The shape of the package: stages import one way, down the pipeline."""

import subprocess
import sys

EARLIER_STAGES = ("dateline.read", "dateline.language", "dateline.merge", "dateline.coding")


def test_importing_the_store_loads_no_reading_coding_or_merging():
    """The store only persists: serialisation lives with the records and the ingest driver
    hands the merge step to `Store.write`, so the store loads none of the stages before it."""
    code = "import sys, dateline.store; print('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [name for name in loaded if name.startswith(EARLIER_STAGES)]
    assert "dateline.store.sqlite" in loaded

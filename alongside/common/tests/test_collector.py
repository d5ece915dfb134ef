"""The server process freezes what it loaded and collects young objects less often, and still collects
cycles (alongside/common/collector.py, through `alongside.asgi.served`, the factory `alongside serve`
hands uvicorn). Run in a fresh interpreter: the test process keeps its own GC."""

import json
import subprocess
import sys

PROBE = """
import gc, json, weakref
import alongside.asgi
alongside.asgi.served()  # what each `alongside serve` worker calls
from alongside.common import collector

class Node:
    pass

a, b = Node(), Node()
a.other, b.other = b, a  # a cycle: reference counting alone never frees it
gone = weakref.ref(a)
del a, b
gc.collect()
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "threshold": gc.get_threshold(),
    "expected": [collector.YOUNG_THRESHOLD, collector.MIDDLE_THRESHOLD, collector.OLD_THRESHOLD],
    "enabled": gc.isenabled(),
    "cycle_freed": gone() is None,
}))
"""


def test_the_server_freezes_its_loaded_heap_and_still_frees_cycles(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            "ALONGSIDE_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "alongside.settings",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["frozen"] > 50_000  # Django and the apps, walked once and never again
    assert list(found["threshold"]) == found["expected"]
    assert found["enabled"]
    assert found["cycle_freed"]

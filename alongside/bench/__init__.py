"""Benchmarks for `alongside bench NAME`; see "Performance is measured, not guessed" in DESIGN.md.

Each benchmark is a function taking its own command-line options and returning JSON-ready
{"name", "machine", "params", "results"}; `harness` holds what they share. Register a new one here.
Keep module-level imports light in each: Django and client libraries are imported inside `run`.
"""

from alongside.billing import bench as billing
from alongside.records import bench as notes
from alongside.reports import bench as reports
from alongside.resources import bench as resources
from alongside.scheduling import bench as sessions

from . import alerts, forums, matching, pages, realtime, safety

BENCHMARKS = {
    "alerts": alerts.run,
    "billing": billing.run,
    "forums": forums.run,
    "matching": matching.run,
    "notes": notes.run,
    "pages": pages.run,
    "realtime": realtime.run,
    "reports": reports.run,
    "resources": resources.run,
    "safety": safety.run,
    "sessions": sessions.run,
}

"""The send path's refusal questions (`common.refusals`): each app that keeps a stop registers its own,
and the send path asks them without importing those apps. (Both send paths running the questions are
tested in `conversations/tests/test_refusals.py`.)"""

import ast
from pathlib import Path

from alongside.common import refusals

SEND_PATH = Path(__file__).resolve().parents[2] / "conversations" / "services"
KEEPERS = ("alongside.groups", "alongside.matching", "alongside.safety.moderation")


def test_each_kind_of_conversation_asks_the_stops_its_keepers_registered_in_order():
    asked = {kind: [q.code for q in refusals.asked_in(kind)] for kind in ("one_to_one", "room")}
    assert asked == {"one_to_one": ["suspended", "blocked"], "room": ["suspended", "muted"]}
    assert [q.code for q in refusals.asked_in("room") if q.after_boundary] == ["muted"]


def test_registering_a_code_again_replaces_it_and_keeps_the_order():
    before = list(refusals._questions)
    blocked = next(q for q in before if q.code == "blocked")
    try:
        again = refusals.Question(
            code="blocked",
            order=5,
            statement=blocked.statement,
            words=lambda _sending: "said again",
            kinds=blocked.kinds,
            rows=blocked.rows,
        )
        refusals.register(again)
        assert [q.code for q in refusals.asked_in("one_to_one")] == ["blocked", "suspended"]
        assert refusals.asked_in("one_to_one")[0] is again
    finally:
        refusals._questions[:] = before
        refusals._by_kind.clear()


def _imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_send_path_imports_none_of_the_apps_that_answer_it():
    for name in ("refusing.py", "sending.py", "statements.py", "checks.py"):
        imported = _imported(SEND_PATH / name)
        assert not [m for m in imported if m.startswith(KEEPERS)], name

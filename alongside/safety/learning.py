"""Learning from the people who use it: staff say an assessment was a false alarm or a missed crisis,
and `alongside safety retrain` builds a new model from those labels plus the shipped training data.

Labels stay in the program's own database and never leave the server. A retrained model is written
into the data directory and used only after an administrator confirms it (`activate_model`), and only
if it is no worse than the model in use at catching crises on the frozen evaluation set.
"""

from __future__ import annotations

from django.db import transaction

from alongside.accounts.models import Program, User
from alongside.audit.models import Action
from alongside.audit.services import record_access

from .levels import Level
from .models import AssessmentLabel, SourceKind, Verdict

MAX_LABEL_TEXT = 20_000


@transaction.atomic
def label_assessment(
    *,
    program: Program,
    labelled_by: User,
    source_kind: SourceKind | str,
    source_id: int,
    text: str,
    assessed_level: str,
    verdict: Verdict | str,
    model_version: str = "",
    context: list[str] | None = None,
    level: Level | str | None = None,
) -> AssessmentLabel:
    """Store one staff member's word on an assessment (a second word on the same source replaces
    the first). The caller has already checked that `labelled_by` may read the source. Without a
    `level`, a false alarm is taken as `none` and a missed crisis as `high`."""
    verdict = Verdict(verdict)
    if level is None:
        level = Level.NONE if verdict == Verdict.FALSE_ALARM else Level.HIGH
    label, _ = AssessmentLabel.objects.update_or_create(
        labelled_by=labelled_by,
        source_kind=str(source_kind),
        source_id=source_id,
        defaults={
            "program": program,
            "text": text[:MAX_LABEL_TEXT],
            "context": [c[:MAX_LABEL_TEXT] for c in (context or [])][-3:],
            "assessed_level": str(assessed_level),
            "model_version": model_version,
            "verdict": verdict.value,
            "level": Level(level).value,
        },
    )
    record_access(
        viewer=labelled_by,
        record=label,
        subject=None,
        purpose=f"Safety: assessment marked {verdict.value}",
        program_id=program.pk,
        action=Action.WRITE,
    )
    return label

"""Learning from the people who use it: staff say an assessment was a false alarm or a missed crisis,
and `alongside safety retrain` builds a new model from those labels plus the shipped training data.

Labels stay in the program's own database and never leave the server. A retrained model is written
into the data directory and used only after an administrator confirms it (`activate_model`), and only
if it is no worse than the model in use at catching crises on the frozen evaluation set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from alongside.accounts.choices import Role
from alongside.accounts.models import Program, User
from alongside.accounts.selectors import role_names
from alongside.audit.models import Action
from alongside.audit.services import record_access

from .assessment import assess_with
from .evaluation import FROZEN, FROZEN2, Item, figures, load_frozen
from .levels import Level
from .model import Model, active, load, pointer_file
from .models import AssessmentLabel, CrisisModel, SourceKind, Verdict

TARGET_NAMES = ("recall_high", "recall_imminent", "concern_caught", "false_alarm_none")

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


# Kept, but not text the crisis model reads: a questionnaire answer is escalated by rule (PHQ-9 item 9
# above zero), and its words are the instrument's question, not the person's.
NOT_TRAINED_ON = (SourceKind.QUESTIONNAIRE,)


def labels_for_training() -> list[tuple[str, list[str], str]]:
    """Every staff label on written words as (text, context, level), the latest word per person and
    source (questionnaire answers are kept but not trained on)."""
    return [
        (label.text, list(label.context), label.level)
        for label in AssessmentLabel.objects.exclude(source_kind__in=NOT_TRAINED_ON).order_by("pk")
    ]


def frozen_figures(model: Model, items: Sequence[Item] | None = None) -> dict[str, Any]:
    """The issue-13 targets of `model` on both frozen evaluation sets together, overall and per language."""
    items = [*load_frozen(FROZEN), *load_frozen(FROZEN2)] if items is None else items
    assessed = [str(assess_with(model, i.text, context=i.context).level) for i in items]
    quality = figures(items, assessed)
    return {
        **{k: quality[k] for k in ("n", *TARGET_NAMES)},
        "per_lang": quality["per_lang"],
    }


def retrain(
    *,
    out_dir: Path | None = None,
    reddit: Path | None = None,
    data: Path | None = None,
    cross_validate: bool = True,
    evaluation: Sequence[Item] | None = None,
    say: Callable[[str], None] = lambda _: None,
) -> CrisisModel:
    """Train a new model from the shipped data plus every staff label, write it into the data
    directory, and record it with its frozen-set figures beside those of the model in use. It is not
    used until `activate_model`."""
    # Training needs scikit-learn and SciPy (seconds to import): only this command loads them, not every
    # process that serves pages.
    from .training import train as training

    labels = labels_for_training()
    say(f"Staff labels: {len(labels)}")
    artefact = training.build(
        reddit=reddit,
        labels=labels,
        cross_validate=cross_validate,
        data=data or training.DATA,
        say=say,
    )
    folder = out_dir or Path(settings.DATA_DIR) / "safety" / "models"
    path = folder / f"{artefact['version']}.json.gz"
    training.write(artefact, path)
    new = load(path)
    scores = {"old": frozen_figures(active(), evaluation), "new": frozen_figures(new, evaluation)}
    scores["old"]["version"], scores["new"]["version"] = active().version, new.version
    record, _ = CrisisModel.objects.update_or_create(
        version=new.version,
        defaults={"path": str(path), "labels": len(labels), "figures": scores},
    )
    return record


class NotBetter(ValueError):
    """A retrained model that catches fewer crises than the one in use is never activated."""


@transaction.atomic
def activate_model(*, version: str, admin: User) -> CrisisModel:
    """An administrator's confirmation: from the next message on, every process uses this model.
    Refused unless `admin` administers a program and the model's escalation recall on the frozen set
    is no worse than the model in use when it was trained."""
    if Role.ADMIN.value not in role_names(admin):
        raise PermissionDenied
    record = CrisisModel.objects.select_for_update().get(version=version)
    old, new = record.figures["old"], record.figures["new"]
    if (new.get("recall_high") or 0) < (old.get("recall_high") or 0):
        raise NotBetter(
            f"{version} escalates {new['recall_high']:.1%} of crises on the frozen set, "
            f"the model in use {old['recall_high']:.1%}: it is not activated."
        )
    pointer = pointer_file()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(json.dumps({"version": version, "path": record.path}), encoding="utf-8")
    record.activated_at, record.activated_by = timezone.now(), admin
    record.save(update_fields=["activated_at", "activated_by"])
    record_access(
        viewer=admin,
        record=record,
        subject=None,
        purpose=f"Safety: crisis model {version} activated",
        action=Action.WRITE,
    )
    return record

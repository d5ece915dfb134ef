"""API routes for check-ins, questionnaires and trends. The same services, selectors and access checks as
the pages; scoring is `alongside.outcomes.score`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from pydantic import Field

from alongside.accounts.choices import Role
from alongside.accounts.selectors import standing
from alongside.common.api import ApiError, Schema, caller

from . import instruments, selectors, services
from .scoring import score

router = Router(tags=["outcomes"])


class CheckInIn(Schema):
    mood: int = Field(ge=1, le=5)
    sleep: int = Field(ge=1, le=5)
    energy: int = Field(ge=1, le=5)
    note: str = Field(default="", max_length=services.MAX_NOTE)


class CheckInOut(Schema):
    on: date
    mood: int
    sleep: int
    energy: int
    note: str


class ScoreIn(Schema):
    instrument: str = Field(description="phq9, gad7, who5, barc10, or a scoring-only code")
    answers: list[int | None] = Field(description="One answer per item, in order; null = skipped.")


class ScoreOut(Schema):
    instrument: str
    total: int
    band: str | None
    flags: list[str]


class ResponseIn(ScoreIn):
    extra: dict[str, int] = Field(default_factory=dict, description='e.g. {"difficulty": 1}')


class ResponseOut(ScoreOut):
    id: int
    completed_at: datetime
    band_words: str


class InstrumentOut(Schema):
    code: str
    title: str
    name: str
    items: int
    shipped: bool = Field(description="False when the program loaded its own licensed text.")


class TrendPoint(Schema):
    on: date
    mood: int
    sleep: int
    energy: int


class ScorePoint(Schema):
    instrument: str
    completed_at: datetime
    total: int
    band: str | None


class TrendsOut(Schema):
    member_id: int
    check_ins: list[TrendPoint]
    scores: list[ScorePoint]


def _response_out(response: Any) -> dict[str, Any]:
    return {
        "id": response.pk,
        "instrument": response.instrument,
        "total": response.total,
        "band": response.band or None,
        "flags": response.flags,
        "completed_at": response.completed_at,
        "band_words": instruments.band_words(response.instrument, response.band or None),
    }


@router.get("/instruments", response=list[InstrumentOut])
def list_instruments(request: HttpRequest, language: str = "en") -> list[dict[str, Any]]:
    """The questionnaires the caller's program offers."""
    program = standing(caller(request, Role.MEMBER)).program
    assert program is not None  # noqa: S101  # members always have a program
    return [
        {
            "code": i.code,
            "title": i.title,
            "name": i.name,
            "items": len(i.items),
            "shipped": i.shipped,
        }
        for i in selectors.available_instruments(program, language)
    ]


@router.post("/score", response={200: ScoreOut, 422: ApiError})
def score_answers(request: HttpRequest, payload: ScoreIn) -> Status[Any]:
    """Score answers without storing anything (for clients that want to show a result first)."""
    try:
        result = score(payload.instrument, payload.answers)
    except ValueError as error:
        return Status(422, {"detail": str(error)})
    return Status(
        200,
        {"instrument": result.code, "total": result.total, "band": result.band,
         "flags": sorted(result.flags)},
    )  # fmt: skip


@router.get("/responses", response=list[ResponseOut])
def list_responses(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's questionnaire results, oldest first."""
    return [_response_out(r) for r in selectors.responses_of(caller(request, Role.MEMBER))]


@router.post("/responses", response={200: ResponseOut, 422: ApiError})
def create_response(request: HttpRequest, payload: ResponseIn) -> Status[Any]:
    """Store and score one questionnaire. `self_harm` in flags means: show the safety plan now."""
    try:
        response = services.record_response(
            member=caller(request, Role.MEMBER),
            instrument=payload.instrument,
            answers=payload.answers,
            extra=payload.extra,
        )
    except (ValueError, ValidationError) as error:
        detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return Status(422, {"detail": detail})
    return Status(200, _response_out(response))


@router.get("/check-ins", response=list[CheckInOut])
def list_check_ins(request: HttpRequest, days: int = 90) -> list[Any]:
    """The caller's check-ins over the last `days` days, oldest first."""
    return list(selectors.check_ins_of(caller(request, Role.MEMBER), days=max(1, min(days, 366))))


@router.post("/check-ins", response={200: CheckInOut, 422: ApiError})
def create_check_in(request: HttpRequest, payload: CheckInIn) -> Status[Any]:
    """Today's check-in; sending again the same day changes it."""
    try:
        check_in = services.record_check_in(member=caller(request, Role.MEMBER), **payload.dict())
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(200, check_in)


@router.get("/members/{member_id}/trends", response=TrendsOut)
def member_trends(request: HttpRequest, member_id: int, days: int = 90) -> dict[str, Any]:
    """A member's check-ins and scores, for the member or someone they share check-ins with."""
    member = selectors.access_member_outcomes(
        caller(request), member_id, purpose="Read check-in and score trends (API)"
    )
    return {
        "member_id": member.pk,
        "check_ins": list(selectors.check_ins_of(member, days=max(1, min(days, 366)))),
        "scores": [
            {"instrument": r.instrument, "completed_at": r.completed_at, "total": r.total,
             "band": r.band or None}
            for r in selectors.responses_of(member)
            if r.is_complete
        ],
    }  # fmt: skip

"""What every app's API needs: the `Schema` every request and answer is built on, the one error shape
(`ApiError`, with `field_errors` and `please_check` to fill it from a service's refusal), and the one role
gate (`caller`).

`Schema` is django-ninja's, with the rules that hold for every field of every request, in one place:
- no NUL character (U+0000) in any text: PostgreSQL cannot store one (it answered 500), and SQLite
  would keep a string other tools cut short. The answer is 422 naming the field; the OpenAPI document
  says so on every string (`pattern`).
- a request body is a JSON object: ninja's schemas read attributes from anything, so a body of `912`
  passed as a request with every field left out.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Protocol, Union, get_args, get_origin

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Schema as NinjaSchema
from pydantic import (
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)

NO_NUL = "^[^\\u0000]*$"  # the JSON Schema pattern that states the rule


def nul_at(value: Any, where: str = "") -> str | None:
    """The dotted path of the first text in `value` (a decoded JSON value) holding a NUL character,
    "" for `value` itself; None if there is none. The WebSocket consumers check frames with it too."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, list | tuple | set):
        items: Any = enumerate(value)
    elif isinstance(value, dict):
        items = value.items()
    else:
        return None
    for key, item in items:
        path = f"{where}.{key}" if where else str(key)
        if isinstance(key, str) and "\x00" in key:
            return path
        if (found := nul_at(item, path)) is not None:
            return found
    return None


def _state_no_nul(schema: dict[str, Any]) -> None:
    """Add the NUL rule to every string in one property's JSON Schema (not through `$ref`s)."""
    if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
        schema.setdefault("pattern", NO_NUL)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _state_no_nul(schema[key])
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            _state_no_nul(option)


def _json_schema_extra(schema: dict[str, Any], model: type) -> None:
    for prop in schema.get("properties", {}).values():
        _state_no_nul(prop)


class Schema(NinjaSchema):
    """django-ninja's Schema with the rules every field of every request keeps (see the module)."""

    model_config = ConfigDict(json_schema_extra=_json_schema_extra)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # Replaces ninja's validator of this name, which reads attributes from any value at all.
        # Answers are built from models and dicts; a request body of a number, text or list is refused.
        if values is None or isinstance(values, str | int | float | bool | list):
            raise ValueError("must be a JSON object")
        return super()._run_root_validator(values, handler, info)  # type: ignore[operator]  # pydantic's descriptor is callable

    @field_validator("*", mode="before")
    @classmethod
    def _json_types(cls, value: Any, info: ValidationInfo) -> Any:
        # pydantic reads 0 as false and "7" as 7; the document says boolean and integer, and so do we.
        field = cls.model_fields.get(info.field_name or "")
        if value is None or field is None:
            return value
        # The kinds a value may take: an optional's or a union's members; otherwise the annotation
        # itself (a `dict[int, int]` or a `list[int]` is a container, not an integer).
        annotation = field.annotation
        if get_origin(annotation) in (Union, types.UnionType):
            kinds = set(get_args(annotation)) - {type(None)}
        else:
            kinds = {annotation}
        if kinds == {bool} and not isinstance(value, bool):
            raise ValueError("must be true or false")
        if kinds == {int} and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError("must be a whole number")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if nul_at(value) is not None:
            raise ValueError("must not contain the NUL character (\\u0000)")
        return value


class FieldError(Schema):
    field: str
    message: str


class ApiError(Schema):
    """Every error answer: `detail` for people; `field` (and `code`) when one field is at fault;
    `errors` for each field a 422 found wrong."""

    detail: str
    field: str | None = None
    code: str | None = None
    errors: list[FieldError] | None = None


def field_errors(error: ValidationError, default: str = "__all__") -> list[dict[str, str]]:
    """A service's ValidationError as `ApiError.errors`: one entry per field with its messages joined;
    an error that names no field is put on `default`."""
    fields = error.message_dict if hasattr(error, "error_dict") else {default: error.messages}
    return [{"field": name, "message": " ".join(messages)} for name, messages in fields.items()]


def please_check(errors: list[dict[str, str]]) -> str:
    """`ApiError.detail` naming the fields at fault (`errors`, as `field_errors` gives them), in the
    words of the API's own 422 for a request that does not fit its schema."""
    return f"Please check: {', '.join(sorted({e['field'] for e in errors}))}."


# --- the role gate -----------------------------------------------------------------------------------


class Standing(Protocol):
    """A person's program and their roles there, as accounts reads them (`accounts.selectors.standing`)."""

    @property
    def program(self) -> Any: ...

    def has(self, *roles: Any) -> bool: ...


_standing_readers: list[Callable[[Any], Standing]] = []


def read_standing_with(reader: Callable[[Any], Standing]) -> None:
    """How `caller` and `common.http.role_required` learn a person's program and roles: accounts hands
    over its reader from its `AppConfig.ready()` (common sits below accounts and does not import it)."""
    _standing_readers[:] = [reader]


def standing_of(user: Any) -> Standing:
    """The person's program and roles, read by accounts' reader (pages' `role_required` and the API's
    `caller` both ask here)."""
    if not _standing_readers:
        raise LookupError("accounts has not handed over its standing reader yet")
    return _standing_readers[0](user)


def caller(request: HttpRequest, *roles: str) -> Any:
    """The person the request's bearer token names, if they belong to a program and hold one of `roles`
    there (with none named: any role); else Http404, exactly as if the route did not exist. The one
    role gate of every app's API, as `common.http.role_required` is for pages."""
    user = request.user
    found = standing_of(user)
    if found.program is None or (roles and not found.has(*roles)):
        raise Http404
    return user

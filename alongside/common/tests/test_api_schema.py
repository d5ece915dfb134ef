"""The shared API `Schema` checks JSON's types on plain fields and leaves containers to pydantic."""

import pytest
from pydantic import ValidationError

from alongside.common.api import Schema


class Figures(Schema):
    count: int
    maybe: int | None = None
    flag: bool = False
    loads: dict[int, int] = {}
    ids: list[int] = []


def test_a_mapping_or_a_list_of_integers_is_not_read_as_one_integer():
    figures = Figures(count=1, loads={7: 2}, ids=[3, 4])
    assert figures.loads == {7: 2}
    assert figures.ids == [3, 4]
    assert Figures(count=1, loads={}).loads == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("count", "7", "must be a whole number"),
        ("count", True, "must be a whole number"),
        ("maybe", "7", "must be a whole number"),
        ("flag", 0, "must be true or false"),
    ],
)
def test_integers_and_booleans_are_json_s(field, value, message):
    fields = {"count": 1, field: value}
    with pytest.raises(ValidationError, match=message):
        Figures(**fields)

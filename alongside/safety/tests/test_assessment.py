"""The public contract of `alongside.safety.assess`, which every part of Alongside calls."""

import subprocess
import sys

import pytest

from alongside.safety import Assessment, Level, assess
from alongside.safety.model import load


def test_levels_are_the_four_strings_in_order_of_severity():
    assert [str(level) for level in Level] == ["none", "concern", "high", "imminent"]
    assert [level.rank for level in Level] == [0, 1, 2, 3]


def test_only_high_and_imminent_open_an_escalation():
    assert [level.opens_escalation for level in Level] == [False, False, True, True]


def test_an_assessment_has_a_level_reasons_and_a_model_version():
    result = assess("I want to die")
    assert isinstance(result, Assessment)
    assert result.level is Level.HIGH
    assert result.reasons and all(isinstance(r, str) and r.endswith(".") for r in result.reasons)
    assert result.model_version == f"lexicon-1+{load().version}"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text_is_none_without_reasons(text):
    result = assess(text)
    assert (result.level, result.reasons) == (Level.NONE, [])
    assert result.model_version


@pytest.mark.parametrize(
    "text",
    ["hello, see you at group", "I feel hopeless", "I want to die", "I already took them all"],
)
def test_every_level_above_none_comes_with_a_reason(text):
    result = assess(text)
    assert (result.level is Level.NONE) == (result.reasons == [])


def test_reasons_never_quote_the_message():
    text = "everyone would be better off without me"
    assert all(text not in reason.lower() for reason in assess(text).reasons)


def test_a_long_post_is_assessed_without_error():
    post = "Today was long and I talked to my sponsor about work. " * 2000 + "I want to die."
    assert assess(post).level.opens_escalation


def test_the_model_is_loaded_once():
    assess("first call")
    misses = load.cache_info().misses
    assess("second call")
    assert load.cache_info().misses == misses


def test_assess_is_importable_and_callable_after_django_setup_with_the_real_settings(tmp_path):
    script = (
        "import os, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'alongside.settings'\n"
        "django.setup()\n"
        "from alongside.safety import assess\n"
        "r = assess('I want to kill myself tonight')\n"
        "print(r.level, r.level.opens_escalation, bool(r.reasons))\n"
    )
    env = {"ALONGSIDE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["imminent", "True", "True"]

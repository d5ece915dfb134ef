"""The boundary guard's rules, as a table: what each should find, and the near misses it must let be."""

import pytest
from django.utils import translation

from alongside.safety.boundaries import KINDS, check_boundaries

CASES = [
    # phone numbers
    ("My number is 555-123-4567, text me anytime", {"phone", "meeting"}),
    ("call me on +34 612 34 56 78", {"phone", "meeting"}),
    ("(415) 555 0199", {"phone"}),
    ("mi número es 612345678", {"phone"}),
    ("612.345.678", {"phone"}),
    # emails
    ("write to jordan.r@example.org", {"email"}),
    ("jordan at gmail dot com", {"email"}),
    ("mi correo es ana.lopez@correo.es", {"email"}),
    # addresses
    ("I live at 42 Oak Street, come by", {"address"}),
    ("it's 1200 W Elm Ave apt 4B", {"address"}),
    ("vivo en la calle Mayor 5, segundo piso", {"address"}),
    ("mi dirección es Avenida Juárez 120", {"address"}),
    # handles and other apps
    ("add me on insta, @sunny_days22", {"handle"}),
    ("my snap is jordyr", {"handle"}),
    ("instagram.com/sunnydays", {"handle"}),
    ("sígueme en tiktok", {"handle"}),
    ("agrégame por whatsapp", {"handle"}),
    # meeting off the platform
    ("we could meet up for coffee on Saturday", {"meeting"}),
    ("let's meet in person", {"meeting"}),
    ("you can come over to my place", {"meeting"}),
    ("¿quedamos para un café?", {"meeting"}),
    ("podemos vernos en persona", {"meeting"}),
    ("llámame esta noche", {"meeting"}),
    # money
    ("can you lend me $50 until Friday?", {"money"}),
    ("just venmo me", {"money"}),
    ("I need money badly", {"money"}),
    ("I'll send you 20 bucks", {"money"}),
    ("¿me puedes prestar 100 euros?", {"money"}),
    ("préstame dinero porfa", {"money"}),
    ("te mando un bizum", {"money"}),
    # near misses: ordinary talk must pass
    ("If it gets bad, call or text 988 right away", set()),
    ("You can text HOME to 741741", set()),
    ("The old lifeline was 1-800-273-8255", set()),
    ("En España puedes llamar al 024", set()),
    ("My appointment is at 10:30 tomorrow", set()),
    ("I'll be there at 5", set()),
    ("The rent went up to $1,200 and I'm so stressed", set()),
    ("I paid 15 euros for the bus this week", set()),
    ("Cuesta 1.500.000 pesos, es muchísimo", set()),
    ("It happened on 2024-03-15", set()),
    ("We talked from 9 to 12 yesterday", set()),
    ("I walked 3 blocks down the road", set()),
    ("The street was so noisy last night", set()),
    ("I saw a funny video on instagram", set()),
    ("Can we meet here again tomorrow?", set()),
    ("Good to meet you!", set()),
    ("I got 8 hours of sleep, 2 days in a row", set()),
    ("Thanks @ everyone for listening", set()),
    ("Mañana a las 17:45 tengo cita", set()),
    ("", set()),
]


@pytest.mark.parametrize(("text", "kinds"), CASES)
def test_check_boundaries(text, kinds):
    assert {finding.kind for finding in check_boundaries(text)} == kinds


@translation.override("en")
def test_each_kind_once_in_a_fixed_order_with_plain_words():
    findings = check_boundaries("text me at 555-123-4567 or jordan@example.org, venmo me $20")
    assert [f.kind for f in findings] == ["phone", "email", "meeting", "money"]
    assert [f.kind for f in findings] == sorted((f.kind for f in findings), key=KINDS.index)
    for finding in findings:
        assert finding.as_dict() == {"kind": finding.kind, "reason": finding.reason}
        assert finding.reason.startswith("This looks like")


def test_reasons_speak_spanish():
    with translation.override("es"):
        [finding] = check_boundaries("mi número es 612345678")
        assert "teléfono" in finding.reason

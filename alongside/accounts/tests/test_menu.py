"""The menu and the program settings page are drawn from what the apps register."""

import re

import pytest
from django.urls import reverse

from alongside.accounts import menu, program_settings
from alongside.accounts.choices import Role

pytestmark = pytest.mark.django_db

# What each role's menu holds: the links base.html once listed itself, then the wave-two apps' own.
EXPECTED = {
    "member": ["Home", "My sessions", "Conversations", "Find a peer", "Groups", "Your notes",
               "Resources", "Forums", "Profile", "Number for calls", "Sharing"],
    "supporter": ["Home", "Your day", "Notes", "My week", "Conversations", "Offers", "Phone calls",
                  "Groups", "Shared with me", "Resources", "My supervision", "Forums", "Profile",
                  "Training", "Safety"],
    "supervisor": ["Home", "Notes", "Matching", "Groups", "Hand-offs", "Supervision", "Forums",
                   "Profile", "Training", "Reports", "People", "Safety", "Moderation",
                   "Messages held for review"],
    "clinician": ["Home", "Groups", "Shared with me", "Hand-offs", "Profile"],
    "admin": ["Home", "Groups", "Directory", "Forums", "Profile", "Training", "Reports", "People",
              "Safety", "Moderation", "Settings", "Access log"],
}  # fmt: skip


def _menu(page):
    nav = page.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>.*", "", label).strip()
        for label in re.findall(r'<a href="[^"]+"[^>]*>([^<]+)', nav)
    ]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_the_links_the_apps_registered_for_it(client_for, role):
    page = client_for(role).get(reverse("accounts:profile")).content.decode()
    assert _menu(page) == EXPECTED[role]
    assert ('class="bar-link"' in page) is (role == "member")  # "My plans"


def test_the_link_to_the_page_you_are_on_is_marked(client_for):
    page = client_for("member").get(reverse("accounts:profile")).content.decode()
    assert f'<a href="{reverse("accounts:profile")}" aria-current="page">' in page


def test_a_new_app_adds_a_link_and_a_settings_page_without_touching_the_shell(client_for):
    item = menu.Item("Rota", "accounts:people", order=999, roles=frozenset({Role.ADMIN}), slot="t")
    page = program_settings.Page("Rota", "Who works when.", "accounts:people", order=999)
    before = program_settings._pages["accounts:people"]
    menu.register(item)
    program_settings.register(page)
    try:
        admin = client_for("admin").get(reverse("accounts:program-settings")).content.decode()
        assert _menu(admin)[-1] == "Rota" and "Who works when." in admin
        member = client_for("member").get(reverse("accounts:profile")).content.decode()
        assert "Rota" not in _menu(member)
    finally:
        menu._items.pop("accounts:people/t")
        program_settings.register(before)

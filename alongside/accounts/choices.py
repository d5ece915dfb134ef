"""The shared vocabularies of profiles and matching: roles, topics, languages, identities, audiences.

One list per concept, used by profiles now and by matching, groups and forums later, so that a member's
"bipolar" and a supporter's "bipolar" are the same word everywhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    SUPPORTER = "supporter", _("Peer supporter")
    SUPERVISOR = "supervisor", _("Supervisor")
    CLINICIAN = "clinician", _("Clinician")
    ADMIN = "admin", _("Program administrator")


# Roles that see other people's records: they must use two-factor sign-in and time out sooner.
STAFF_ROLES = frozenset({Role.SUPERVISOR, Role.CLINICIAN, Role.ADMIN})
TWO_FACTOR_ROLES = STAFF_ROLES
# Roles that work with members directly (peer supporters too): shorter idle timeout.
SHORT_SESSION_ROLES = frozenset({Role.SUPPORTER, *STAFF_ROLES})


class Topic(models.TextChoices):
    """Lived-experience areas, and later the topics of support requests, groups and boards."""

    DEPRESSION = "depression", _("Depression")
    ANXIETY = "anxiety", _("Anxiety")
    BIPOLAR = "bipolar", _("Bipolar")
    PSYCHOSIS = "psychosis", _("Psychosis or hearing voices")
    TRAUMA = "trauma", _("Trauma")
    SUBSTANCE_USE = "substance_use", _("Substance use and recovery")
    EATING = "eating", _("Eating difficulties")
    SELF_HARM = "self_harm", _("Self-harm")
    SUICIDE_SURVIVOR = "suicide_survivor", _("Surviving suicidal times")
    GRIEF = "grief", _("Grief and loss")
    LOSS_OF_CHILD = "loss_of_child", _("Loss of a child")
    LGBTQ = "lgbtq", _("LGBTQ+ life")
    VETERANS = "veterans", _("Military and veteran life")
    NEW_PARENTS = "new_parents", _("Becoming a parent")
    HOSPITAL = "hospital", _("Leaving hospital")
    JUSTICE = "justice", _("Leaving jail or prison")
    HOMELESSNESS = "homelessness", _("Housing and homelessness")
    CHRONIC_ILLNESS = "chronic_illness", _("Living with chronic illness")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")
    VIETNAMESE = "vi", _("Vietnamese")
    TAGALOG = "tl", _("Tagalog")
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    KOREAN = "ko", _("Korean")
    RUSSIAN = "ru", _("Russian")
    PORTUGUESE = "pt", _("Portuguese")
    ASL = "ase", _("American Sign Language")


class AgeRange(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", _("18 to 24")
    AGE_25_34 = "25_34", _("25 to 34")
    AGE_35_49 = "35_49", _("35 to 49")
    AGE_50_64 = "50_64", _("50 to 64")
    AGE_65_UP = "65_up", _("65 or older")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Audience(models.TextChoices):
    """Who may see one profile field. Every field starts at ONLY_ME, the least."""

    ONLY_ME = "only_me", _("Only me")
    CARE_TEAM = "care_team", _("My peer supporter and care team")
    PROGRAM = "program", _("Everyone in my program")


class ConsentScope(models.TextChoices):
    PLANS = "plans", _("All my plans and goals (WRAP, safety plan, advance directive)")
    WRAP = "wrap", _("My wellness and recovery plan (WRAP)")
    CRISIS_PLAN = "crisis_plan", _("Only the crisis part of my WRAP")
    SAFETY_PLAN = "safety_plan", _("My safety plan")
    ADVANCE_DIRECTIVE = "advance_directive", _("My advance directive worksheet")
    CHECK_INS = "check_ins", _("My check-ins and how I have been doing")
    NOTES = "notes", _("Notes from my sessions")
    CONTACT = "contact", _("My contact details")
    # Reports: the member's records may go, without their name, into a research or evaluation export.
    RESEARCH = "research", _("My records, without my name, for research and evaluation")
    # Gates every FHIR read about the member (interop.fhir); plans, check-ins, notes need their own too.
    HEALTH_RECORD = (
        "health_record",
        _(
            "A copy for my care team's health record system: my name here, my care team, hand-offs and "
            "referrals, and anything else I share with them"
        ),
    )


class ApiScope(models.TextChoices):
    """What an API sign-in may be used for; a token of one scope is refused everywhere else."""

    API = "", _("The Alongside API")
    FHIR = "fhir", _("Read-only FHIR R4 (/fhir/R4/), only what members share")

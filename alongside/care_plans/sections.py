"""What each plan holds: its sections and fields, with our own gentle prompts and examples.

The WRAP sections follow DOMAIN.md §1.1, the safety plan's six steps §1.2 and the advance directive
worksheet §1.3. Every prompt here is Alongside's own wording (WRAP® belongs to Advocates for Human
Potential; the Stanley-Brown form is copyrighted): nothing is presented as official material.

A plan's content is a flat dict {field key: text}; keys are stable, so old versions stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


class PlanKind(models.TextChoices):
    WRAP = "wrap", _("Wellness and recovery plan")
    SAFETY = "safety", _("Safety plan")
    PAD = "pad", _("Advance directive worksheet")


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    CONTACTS = "contacts", _("People and numbers, one per line")
    LINE = "line", _("One line")


@dataclass(frozen=True)
class Field:
    key: str
    label: Text
    prompt: Text = ""
    examples: tuple[Text, ...] = ()
    kind: str = FieldKind.TEXT

    @property
    def is_contacts(self) -> bool:
        return self.kind == FieldKind.CONTACTS


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    intro: Text
    fields: tuple[Field, ...]


CRISIS = "crisis"  # the one WRAP section a member may share on its own (consent scope crisis_plan)

CONTACTS_HELP = _("One person or place per line, with their number, for example: Sam 555-0134.")

WRAP: tuple[Section, ...] = (
    Section(
        "toolbox",
        _("Wellness toolbox"),
        _("Simple, safe things that help you stay well or feel better. Most are free."),
        (
            Field(
                "toolbox.tools",
                _("Things that help me"),
                _("Write down anything that has helped, even a little."),
                (
                    _("Calling a friend"),
                    _("A walk outside"),
                    _("Music I love"),
                    _("A warm shower"),
                    _("Writing in a journal"),
                    _("Going to a support group"),
                ),
            ),
        ),
    ),
    Section(
        "daily",
        _("Daily maintenance"),
        _("What you are like when you are well, and what keeps you there day to day."),
        (
            Field(
                "daily.when_well",
                _("What I am like when I am well"),
                _("A few words that describe you on a good day."),
                (_("Curious"), _("Talkative"), _("Calm"), _("Funny"), _("Hopeful")),
            ),
            Field(
                "daily.every_day",
                _("Things I need to do every day"),
                _("The small things that keep you well."),
                (_("Eat three meals"), _("Take my medicine"), _("Get outside for a while")),
            ),
            Field(
                "daily.might_do",
                _("Things I might need to do"),
                _("A reminder list for some days."),
                (_("Pay a bill"), _("Call my sister"), _("Book an appointment")),
            ),
            Field(
                "daily.dreams",
                _("Dreams and goals (optional)"),
                _("Something you are working toward, big or small."),
            ),
        ),
    ),
    Section(
        "triggers",
        _("Triggers"),
        _("Things that happen around you that can throw you off balance, and your plan for them."),
        (
            Field(
                "triggers.list",
                _("Things that can throw me off balance"),
                examples=(
                    _("Anniversaries of losses"),
                    _("Arguments"),
                    _("Money worries"),
                    _("Too much to do"),
                ),
            ),
            Field("triggers.must_do", _("If they happen, I will")),
            Field("triggers.might_do", _("I might also")),
        ),
    ),
    Section(
        "warning_signs",
        _("Early warning signs"),
        _("Small changes inside you that tell you something is off."),
        (
            Field(
                "warning_signs.list",
                _("My early warning signs"),
                examples=(
                    _("Sleeping badly"),
                    _("Not wanting to see anyone"),
                    _("Feeling on edge"),
                    _("Skipping meals"),
                ),
            ),
            Field("warning_signs.must_do", _("If I notice them, I will")),
            Field("warning_signs.might_do", _("I might also")),
        ),
    ),
    Section(
        "breaking_down",
        _("When things are breaking down"),
        _("Signs that things are much worse. Keep this plan short and clear."),
        (
            Field(
                "breaking_down.signs",
                _("Signs things are breaking down"),
                examples=(
                    _("Not sleeping at all"),
                    _("Feeling hopeless"),
                    _("Staying in bed all day"),
                ),
            ),
            Field("breaking_down.must_do", _("What I will do, straight away")),
        ),
    ),
    Section(
        CRISIS,
        _("Crisis plan"),
        _(
            "This part is for the people who support you, for a time when you cannot take care of "
            "things yourself. You can share just this part."
        ),
        (
            Field(
                "crisis.when_well",
                _("1. What I am like when I am well"),
                _("So others can tell the difference."),
            ),
            Field(
                "crisis.take_over_signs",
                _("2. Signs that others need to take over"),
                _("What others would see or hear that means you need them to step in."),
            ),
            Field(
                "crisis.supporters",
                _("3. People who I want to help me"),
                _("Name, how they know you, and how to reach them. One per line."),
                kind=FieldKind.CONTACTS,
            ),
            Field("crisis.not_involved", _("People I do not want involved, and why (optional)")),
            Field(
                "crisis.medications",
                _("4. Medicines"),
                _(
                    "What I take now, what I prefer, what is acceptable, what is not and why, "
                    "and any allergies."
                ),
            ),
            Field(
                "crisis.treatments",
                _("5. Treatments that are acceptable, and ones that are not"),
            ),
            Field(
                "crisis.home_care",
                _("6. Home, community care or respite options"),
                _("Places or plans that would let you stay out of hospital."),
            ),
            Field(
                "crisis.facilities",
                _("7. Places of treatment I prefer, and ones I want to avoid"),
            ),
            Field(
                "crisis.help_wanted",
                _("8. What helps and what does not"),
                _(
                    "What I want from supporters and what I do not; what to do if I might hurt "
                    "myself or someone else; who takes care of children, pets or bills."
                ),
            ),
            Field(
                "crisis.no_longer_needed",
                _("9. Signs that supporters no longer need to use this plan"),
            ),
            Field(
                "crisis.copies",
                _("Who has a copy of this plan"),
                kind=FieldKind.LINE,
            ),
        ),
    ),
    Section(
        "post_crisis",
        _("After a crisis"),
        _("A plan for getting back on your feet. It can change week by week."),
        (
            Field("post_crisis.out_of_crisis", _("How I will know I am out of the crisis")),
            Field("post_crisis.supporters", _("Who will support me, and with what")),
            Field(
                "post_crisis.must_do",
                _("What I must do, what I can hand off and what can wait"),
            ),
            Field("post_crisis.timetable", _("When I will pick things up again")),
            Field("post_crisis.prevent", _("What I can do to prevent further loss")),
            Field("post_crisis.thank", _("People I want to thank or reconnect with")),
            Field("post_crisis.changes", _("What I want to change in my plan")),
        ),
    ),
)

SAFETY: tuple[Section, ...] = (
    Section(
        "steps",
        _("My safety plan"),
        _(
            "Six steps for a hard moment, in your own words. Start with step 1 and go on to the "
            "next if you need to."
        ),
        (
            Field(
                "safety.warning_signs",
                _("1. Signs that a hard time may be coming"),
                _("Thoughts, feelings, pictures in my mind, situations or things I do."),
                (_("Feeling trapped"), _("Not answering my phone"), _("Lying awake at night")),
            ),
            Field(
                "safety.coping",
                _("2. Things I can do on my own to take my mind off things"),
                examples=(_("Go for a walk"), _("Take a shower"), _("Play a game on my phone")),
            ),
            Field(
                "safety.distraction",
                _("3. People and places that help me think about something else"),
                CONTACTS_HELP,
                kind=FieldKind.CONTACTS,
            ),
            Field(
                "safety.helpers",
                _("4. People I can ask for help"),
                CONTACTS_HELP,
                kind=FieldKind.CONTACTS,
            ),
            Field(
                "safety.professionals",
                _("5. Professionals and services I can contact"),
                _(
                    "A counsellor or doctor, an after-hours number, the nearest emergency room. "
                    "The crisis line is always listed for you below."
                ),
                kind=FieldKind.CONTACTS,
            ),
            Field(
                "safety.environment",
                _("6. Making my surroundings safer"),
                _("Things I can put away or give to someone to keep for a while."),
            ),
            Field(
                "safety.worth_living_for",
                _("The one thing most worth living for"),
                _("A person, a pet, a hope, a place. Whatever it is for you."),
                kind=FieldKind.LINE,
            ),
        ),
    ),
)

PAD: tuple[Section, ...] = (
    Section(
        "about",
        _("About me"),
        _("Who you are and who may speak for you."),
        (
            Field("pad.declarant", _("My name and date of birth"), kind=FieldKind.LINE),
            Field(
                "pad.agent",
                _("The person I choose to make decisions for me, and how to reach them"),
                kind=FieldKind.CONTACTS,
            ),
            Field("pad.alternate", _("A second choice, if they cannot"), kind=FieldKind.CONTACTS),
            Field("pad.agent_powers", _("What they may and may not decide for me")),
        ),
    ),
    Section(
        "crisis",
        _("In a crisis"),
        _("What others should know when you are very unwell."),
        (
            Field("pad.crisis_signs", _("Signs that I am in a crisis")),
            Field("pad.helps", _("What helps me")),
            Field("pad.worse", _("What makes things worse")),
        ),
    ),
    Section(
        "treatment",
        _("Treatment"),
        _("Your wishes about medicines and treatment."),
        (
            Field(
                "pad.medications_yes",
                _("Medicines I agree to, and any dose limits"),
            ),
            Field(
                "pad.medications_no",
                _("Medicines I refuse, and why (including past bad reactions)"),
            ),
            Field("pad.ect", _("My wishes about electroconvulsive therapy (ECT)")),
            Field("pad.hospitals_yes", _("Hospitals I prefer")),
            Field("pad.hospitals_no", _("Hospitals I want to avoid")),
            Field("pad.alternatives", _("Alternatives to hospital I would accept")),
            Field(
                "pad.emergency",
                _("My wishes about restraint, seclusion and emergency medicines"),
            ),
            Field("pad.clinicians", _("Clinicians I would like involved")),
        ),
    ),
    Section(
        "people",
        _("People and my life"),
        _("Who to tell, who may visit, and who looks after what."),
        (
            Field("pad.notify", _("Who to tell that I am in hospital"), kind=FieldKind.CONTACTS),
            Field("pad.visitors_yes", _("Visitors I welcome")),
            Field("pad.visitors_no", _("Visitors I do not want")),
            Field(
                "pad.responsibilities",
                _("Who takes care of my children, dependants, pets, home and bills"),
            ),
        ),
    ),
    Section(
        "signing",
        _("Signing"),
        _(
            "Your state's legal form says how it must be signed, witnessed or notarised, and how "
            "to cancel it. Note here what you have done."
        ),
        (
            Field("pad.signing_notes", _("Signatures, witnesses and date")),
            Field("pad.revocation", _("How I would cancel or change it")),
        ),
    ),
)

PLANS: dict[str, tuple[Section, ...]] = {
    PlanKind.WRAP: WRAP,
    PlanKind.SAFETY: SAFETY,
    PlanKind.PAD: PAD,
}


def sections_of(kind: str) -> tuple[Section, ...]:
    return PLANS[kind]


def field_keys(kind: str) -> frozenset[str]:
    return frozenset(field.key for section in PLANS[kind] for field in section.fields)


# 42 CFR § 2.32: every disclosure of substance-use records made with the person's consent carries this
# notice (the rule's short form; its exact wording is still to be confirmed).
PART2_NOTICE = _(
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records. They were shared with "
    "you under the member's written consent; do not pass them on except as that consent and the law "
    "allow."
)

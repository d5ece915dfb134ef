"""The words of the reports: a stored report holds keys; these put them into the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.choices import AgeRange, Language

from .figures import HIDDEN
from .stats import INSTRUMENTS

SECTIONS: dict[str, Promise] = {
    "access": gettext_lazy("Access"),
    "engagement": gettext_lazy("Engagement"),
    "safety": gettext_lazy("Safety"),
    "outcomes": gettext_lazy("Outcomes"),
    "transitions": gettext_lazy("Leaving hospital or jail"),
    "supporters": gettext_lazy("Supporters"),
}

# (label, unit) of each headline figure.
FIGURES: dict[str, tuple[Promise, str]] = {
    "requests": (gettext_lazy("Requests for a peer"), "count"),
    "people_asking": (gettext_lazy("People who asked for a peer"), "count"),
    "hours_to_match_median": (gettext_lazy("Time to a match, median"), "hours"),
    "hours_to_match_p90": (gettext_lazy("Time to a match, 9 in 10 within"), "hours"),
    "on_demand_wait_median": (gettext_lazy("Wait for someone now, median"), "minutes"),
    "on_demand_wait_p90": (gettext_lazy("Wait for someone now, 9 in 10 within"), "minutes"),
    "gave_up": (gettext_lazy("People who gave up waiting for someone now"), "count"),
    "active_members": (gettext_lazy("Members in touch"), "count"),
    "contacts_per_member_month": (gettext_lazy("Contacts per member per month"), "number"),
    "retained_30": (gettext_lazy("Still in touch 30 days after joining"), "percent"),
    "retained_60": (gettext_lazy("Still in touch 60 days after joining"), "percent"),
    "retained_90": (gettext_lazy("Still in touch 90 days after joining"), "percent"),
    "escalations": (gettext_lazy("Crisis alerts"), "count"),
    "escalations_high": (gettext_lazy("Crisis alerts, high"), "count"),
    "escalations_imminent": (gettext_lazy("Crisis alerts, imminent"), "count"),
    "acknowledge_minutes_median": (gettext_lazy("Time to acknowledge, median"), "minutes"),
    "acknowledge_minutes_p90": (gettext_lazy("Time to acknowledge, 9 in 10 within"), "minutes"),
    "resolve_hours_median": (gettext_lazy("Time to resolve, median"), "hours"),
    "resolve_hours_p90": (gettext_lazy("Time to resolve, 9 in 10 within"), "hours"),
    "false_alarms": (gettext_lazy("Alerts staff marked as not a crisis"), "count"),
    "missed_crises": (gettext_lazy("Crises staff marked as missed"), "count"),
    "discharges": (gettext_lazy("Hand-offs from hospital or jail"), "count"),
    "days_to_first_contact_median": (
        gettext_lazy("Days from leaving to first peer contact, median"),
        "days",
    ),
    "connected_7": (gettext_lazy("Reached by a peer within 7 days"), "percent"),
    "connected_30": (gettext_lazy("Reached by a peer within 30 days"), "percent"),
    "readmitted_30": (gettext_lazy("Back in hospital within 30 days"), "percent"),
    "readmitted_90": (gettext_lazy("Back in hospital within 90 days"), "percent"),
    "hospital_people": (
        gettext_lazy("People with hospital stays on record, a full year after joining"),
        "count",
    ),
    "hospital_days_before": (
        gettext_lazy("Days in hospital in the year before joining, mean"),
        "days",
    ),
    "hospital_days_after": (
        gettext_lazy("Days in hospital in the year after joining, mean"),
        "days",
    ),
    "hospital_days_change": (
        gettext_lazy("Change in days in hospital, after vs before"),
        "percent",
    ),
    "supporters": (gettext_lazy("Peer supporters"), "count"),
    "caseload_median": (gettext_lazy("Caseload, median"), "number"),
    "caseload_p90": (gettext_lazy("Caseload, 9 in 10 at most"), "number"),
    "at_capacity": (gettext_lazy("Supporters at or over capacity"), "percent"),
    "with_current_credential": (gettext_lazy("Supporters with a current credential"), "percent"),
    "ready_for_one_to_one": (
        gettext_lazy("Supporters with all training for one-to-one support"),
        "percent",
    ),
    "supporters_giving_support": (gettext_lazy("Supporters who gave support"), "count"),
    "support_hours": (gettext_lazy("Hours of support given"), "hours"),
    "support_hours_month_median": (
        gettext_lazy("Hours of support a month per supporter, median"),
        "hours",
    ),
    "supervised_hours": (gettext_lazy("Hours of supervision received"), "hours"),
    "supervised_hours_month_median": (
        gettext_lazy("Hours of supervision a month per supporter, median"),
        "hours",
    ),
}

OUTCOME_FIGURES: dict[str, Promise] = {
    "people": gettext_lazy("People with a first and a latest answer"),
    "mean_first": gettext_lazy("Mean first score"),
    "mean_latest": gettext_lazy("Mean latest score"),
    "mean_change": gettext_lazy("Mean change"),
    "reliably_improved": gettext_lazy("Reliably better"),
    "reliably_worse": gettext_lazy("Reliably worse"),
    "above_cut_off_first": gettext_lazy("In the difficult range at first"),
    "no_longer_above": gettext_lazy("Of those, no longer in it"),
}

TABLES: dict[str, tuple[Promise, Promise]] = {
    "contacts_by_modality": (
        gettext_lazy("Contacts by way of contact"),
        gettext_lazy(
            "How members were in touch: a chat contact is a day with messages, a group "
            "contact a meeting attended; the bars show contacts per member per month."
        ),
    ),
    "retention": (
        gettext_lazy("Still in touch after joining"),
        gettext_lazy(
            "Of members who joined in this period, the share still in touch 30, 60 and 90 "
            "days later (counting only those who joined long enough ago)."
        ),
    ),
    "escalations_by_hour": (
        gettext_lazy("Crisis alerts by time of day and level"),
        gettext_lazy(
            "How many crisis alerts opened in each quarter of the day; the bars show the "
            "total for each."
        ),
    ),
    "response_times_by_hour": (
        gettext_lazy("Response times by time of day"),
        gettext_lazy(
            "How quickly crisis alerts were acknowledged and resolved, by the time of day "
            "they opened; the bars show the median minutes to acknowledge."
        ),
    ),
    "outcomes": (
        gettext_lazy("Change from first to latest questionnaire"),
        gettext_lazy(
            "For each questionnaire, people who answered it at least twice, their first and "
            "latest scores; the bars show the share who got reliably better."
        ),
    ),
    "published": (
        gettext_lazy("Our figures beside published studies"),
        gettext_lazy(
            "The change in days in hospital from the year before joining to the year after, "
            "ours and as published studies of peer support report it. We cannot measure a change "
            "in readmissions: we see them only after people join."
        ),
    ),
    "supporter_hours": (
        gettext_lazy("Supporters by hours of support a month"),
        gettext_lazy(
            "How many supporters gave how much support a month (calls, sessions, chats and "
            "groups as recorded), with their hours of support and of supervision in the "
            "period; the bars show supporters."
        ),
    ),
    "fairness_language": (
        gettext_lazy("By language"),
        gettext_lazy(
            "Key figures for each language members gave first; the bars show members in touch."
        ),
    ),
    "fairness_age_range": (
        gettext_lazy("By age"),
        gettext_lazy("Key figures for each age range; the bars show members in touch."),
    ),
    "fairness_gender": (
        gettext_lazy("By gender"),
        gettext_lazy(
            "Key figures for each gender, in members' own words; the bars show members in touch."
        ),
    ),
    "fairness_race_ethnicity": (
        gettext_lazy("By race or ethnicity"),
        gettext_lazy(
            "Key figures for each race or ethnicity, in members' own words, where they told "
            "us; the bars show members in touch."
        ),
    ),
}

COLUMNS: dict[str, Promise] = {
    "modality": gettext_lazy("Way of contact"),
    "members": gettext_lazy("Members"),
    "contacts": gettext_lazy("Contacts"),
    "per_member_month": gettext_lazy("Per member per month"),
    "days": gettext_lazy("Days after joining"),
    "joined": gettext_lazy("Joined long enough ago"),
    "still_in_touch": gettext_lazy("Still in touch"),
    "share": gettext_lazy("Share"),
    "hours": gettext_lazy("Time of day"),
    "high": gettext_lazy("High"),
    "imminent": gettext_lazy("Imminent"),
    "total": gettext_lazy("Total"),
    "escalations": gettext_lazy("Crisis alerts"),
    "ack_median": gettext_lazy("Minutes to acknowledge, median"),
    "ack_p90": gettext_lazy("Minutes to acknowledge, 9 in 10 within"),
    "resolve_median": gettext_lazy("Hours to resolve, median"),
    "resolve_p90": gettext_lazy("Hours to resolve, 9 in 10 within"),
    "instrument": gettext_lazy("Questionnaire"),
    "people": gettext_lazy("People"),
    "mean_first": gettext_lazy("Mean first score"),
    "mean_latest": gettext_lazy("Mean latest score"),
    "mean_change": gettext_lazy("Mean change"),
    "reliably_improved": gettext_lazy("Reliably better"),
    "no_longer_above": gettext_lazy("No longer in the difficult range"),
    "group": gettext_lazy("Group"),
    "hours_band": gettext_lazy("Hours of support a month"),
    "measure": gettext_lazy("Measure"),
    "ours": gettext_lazy("Ours"),
    "published": gettext_lazy("Published studies"),
    "supporters": gettext_lazy("Supporters"),
    "support_hours": gettext_lazy("Hours of support"),
    "support_hours_month_median": gettext_lazy("Hours a month, median"),
    "supervised_hours": gettext_lazy("Hours of supervision"),
    "active_members": gettext_lazy("Members in touch"),
    "people_asking": gettext_lazy("People who asked for a peer"),
    "hours_to_match_median": gettext_lazy("Hours to a match, median"),
    "retained_90": gettext_lazy("Still in touch at 90 days"),
    "phq9_reliably_improved": gettext_lazy("PHQ-9 reliably better"),
    "connected_7": gettext_lazy("Reached within 7 days of leaving"),
}

ROWS: dict[str, dict[str, Promise]] = {
    "modality": {
        "chat": gettext_lazy("Chat"),
        "group": gettext_lazy("Group"),
        "phone": gettext_lazy("Phone"),
        "video": gettext_lazy("Video"),
        "in_person": gettext_lazy("In person"),
        "accompaniment": gettext_lazy("Going along to an appointment"),
    },
    "hour_band": {
        "0_5": gettext_lazy("Midnight to 6 am"),
        "6_11": gettext_lazy("6 am to noon"),
        "12_17": gettext_lazy("Noon to 6 pm"),
        "18_23": gettext_lazy("6 pm to midnight"),
        "total": gettext_lazy("Total"),
    },
    "published_measure": {
        "days_in_hospital_change": gettext_lazy("Change in days in hospital"),
        "readmissions_change": gettext_lazy("Change in hospital readmissions"),
    },
    "hours_band": {
        "none": gettext_lazy("None recorded"),
        "under_10": gettext_lazy("Under 10 hours"),
        "10_39": gettext_lazy("10 to 39 hours"),
        "40_79": gettext_lazy("40 to 79 hours"),
        "80_up": gettext_lazy("80 hours or more"),
    },
    "language": dict(Language.choices),
    "age_range": dict(AgeRange.choices),
}


def figure_label(key: str) -> str:
    return str(FIGURES[key][0]) if key in FIGURES else key


def row_label(kind: str, key: str) -> str:
    """A table's row heading in words."""
    if key == "total":
        return _("Total")
    if key == "":
        return _("Not recorded")
    if kind == "instrument":
        return INSTRUMENTS[key].label if key in INSTRUMENTS else key
    if kind == "days":
        return _("%(days)s days") % {"days": key}
    return str(ROWS.get(kind, {}).get(key, key))


def value_text(value: Any, unit: str) -> str:
    """A figure as shown: hidden cells say so, missing ones a dash, percents with their sign."""
    if value == HIDDEN:
        return _("hidden")
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:g} %"
    if unit in ("hours", "minutes") and isinstance(value, int | float):
        return f"{value:g} {'h' if unit == 'hours' else 'min'}"  # the same symbols in Spanish
    if unit == "days" and isinstance(value, int | float):
        return _("%(days)s days") % {"days": f"{value:g}"}
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)

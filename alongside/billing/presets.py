"""State presets from DOMAIN.md §3, each with its source: a starting point the program edits in the
admin (the payer's own identifiers are the program's to fill in)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PRESETS: dict[str, dict[str, Any]] = {
    "nj-horizon": {
        "label": "New Jersey: Horizon NJ Health, peer support (SUD)",
        "source_url": "https://www.horizonnjhealth.com/for-providers/resources/policies/reimbursement-policies-guidelines/self-helppeer-support-billing",
        "payer": {"name": "Horizon NJ Health", "kind": "HM", "telehealth_modifier": "95"},
        "services": [
            {
                "procedure_code": "H0038",
                "modifiers": "HF",
                "group_modifier": "HQ",
                "minutes_per_unit": 15,
                "min_minutes_first_unit": 8,
                "rounding": "midpoint",
                "aggregate_per_day": True,
                "max_units_per_day": 16,
                "rate": Decimal("13.00"),
            }
        ],
    },
    "nc-medicaid": {
        "label": "North Carolina Medicaid: peer support services",
        "source_url": "https://www.alliancehealthplan.org/provider-news/changes-to-medicaid-funded-peer-support/",
        "payer": {"name": "NC Medicaid", "kind": "MC", "telehealth_modifier": "GT"},
        "services": [
            {
                "procedure_code": "H0038",
                "modifiers": "",
                "group_modifier": "HQ",
                "minutes_per_unit": 15,
                "min_minutes_first_unit": 8,
                "rounding": "midpoint",
                "aggregate_per_day": True,
                "max_units_per_day": None,
                "prior_auth_after_units": 24,  # "24 unmanaged units", then prior approval
                "max_group_size": 12,  # groups 1:12
                "rate": Decimal("14.00"),
                "requires_order": True,
            }
        ],
    },
    "ga-medicaid": {
        "label": "Georgia Medicaid (telehealth: GT with POS 02; 95 is rejected)",
        "source_url": "https://dbhdd.georgia.gov/coronavirus-covid-19-provider-faqs",
        "payer": {"name": "Georgia Medicaid", "kind": "MC", "telehealth_modifier": "GT"},
        "services": [
            {
                "procedure_code": "H0038",
                "modifiers": "",
                "group_modifier": "HQ",
                "minutes_per_unit": 15,
                "min_minutes_first_unit": 8,
                "rounding": "midpoint",
                "aggregate_per_day": True,
                "max_units_per_day": 48,
                "rate": Decimal("12.00"),
            }
        ],
    },
}

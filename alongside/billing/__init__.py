"""Medicaid billing from signed peer notes: payers and their rules, the identity store kept apart and
encrypted, the billing queue, X12 837P exports and 835 remittance.
"""

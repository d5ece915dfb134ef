"""FHIR R4 / US Core: a member's consented records as a Bundle, the read-only /fhir/R4/ endpoint for care-
team partners, discharge import.
"""

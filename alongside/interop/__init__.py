"""The standards other systems speak: Open Referral HSDS 3.0 (`hsds`) and FHIR R4 / US Core (`fhir`)."""

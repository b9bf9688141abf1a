"""FHIR R4: encounters in as Bundles, verdicts and remittances out as ClaimResponse and ExplanationOfBenefit.

The mapping is a pure function over the parsed resources (no database): `inbound.read_bundle` turns a Bundle
into native Encounters (or issues naming FHIR paths), and `outbound` turns verdicts and remittance events back
into resources. The models come from `fhir.resources` R4B (its default package is R5, which would silently
drop R4 fields); they are imported lazily, since loading them costs a server worker a noticeable start-up.
"""

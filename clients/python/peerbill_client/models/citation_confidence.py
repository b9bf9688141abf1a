from enum import StrEnum

class CitationConfidence(StrEnum):
    SECONDARY = "secondary"
    VERIFIED = "verified"
    VERIFIED_MCO = "verified_mco"

    def __str__(self) -> str:
        return str(self.value)

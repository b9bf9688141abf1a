from enum import StrEnum

class ClaimSummaryWorkStateType0(StrEnum):
    FINALIZED = "finalized"
    HELD = "held"
    NEEDS_REVIEW = "needs_review"
    WRITTEN_OFF = "written_off"

    def __str__(self) -> str:
        return str(self.value)

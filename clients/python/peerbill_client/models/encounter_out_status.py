from enum import StrEnum

class EncounterOutStatus(StrEnum):
    BILLABLE = "billable"
    NOT_BILLABLE = "not_billable"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)

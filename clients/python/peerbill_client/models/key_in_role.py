from enum import StrEnum

class KeyInRole(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    BILLING = "billing"
    EHR = "ehr"

    def __str__(self) -> str:
        return str(self.value)

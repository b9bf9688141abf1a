from enum import StrEnum

class KeyOutRole(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    BILLING = "billing"
    EHR = "ehr"

    def __str__(self) -> str:
        return str(self.value)

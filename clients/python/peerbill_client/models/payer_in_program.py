from enum import StrEnum

class PayerInProgram(StrEnum):
    FEE_FOR_SERVICE = "fee_for_service"
    MANAGED_CARE = "managed_care"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class PayerOutClaimSpan(StrEnum):
    DAY = "day"
    MONTH = "month"

    def __str__(self) -> str:
        return str(self.value)

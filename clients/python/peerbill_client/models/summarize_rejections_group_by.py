from enum import StrEnum

class SummarizeRejectionsGroupBy(StrEnum):
    CODE = "code"
    MONTH = "month"
    PAYER = "payer"
    PROVIDER = "provider"
    STATE = "state"

    def __str__(self) -> str:
        return str(self.value)

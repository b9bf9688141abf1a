from enum import StrEnum

class SummaryOutGroupBy(StrEnum):
    CODE = "code"
    MONTH = "month"
    PAYER = "payer"
    PROVIDER = "provider"
    STATE = "state"

    def __str__(self) -> str:
        return str(self.value)

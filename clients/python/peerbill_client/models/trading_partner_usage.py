from enum import StrEnum

class TradingPartnerUsage(StrEnum):
    P = "P"
    T = "T"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class SummarizeRejectionsSourceType0(StrEnum):
    ENGINE = "engine"
    VALUE_1 = "999"
    VALUE_2 = "277CA"
    VALUE_3 = "835"

    def __str__(self) -> str:
        return str(self.value)

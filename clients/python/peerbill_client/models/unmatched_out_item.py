from enum import StrEnum

class UnmatchedOutItem(StrEnum):
    CLAIM = "claim"
    LEVEL = "level"
    LINE = "line"
    SET = "set"

    def __str__(self) -> str:
        return str(self.value)

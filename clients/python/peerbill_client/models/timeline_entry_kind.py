from enum import StrEnum

class TimelineEntryKind(StrEnum):
    BILLED = "billed"
    RESPONSE = "response"
    VERSION = "version"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class VersionOutKind(StrEnum):
    CORRECTION = "correction"
    ORIGINAL = "original"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)

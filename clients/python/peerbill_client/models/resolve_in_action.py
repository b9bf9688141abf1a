from enum import StrEnum

class ResolveInAction(StrEnum):
    DISMISS = "dismiss"
    MATCH = "match"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class ListUnmatchedItemsKindType0(StrEnum):
    VALUE_0 = "999"
    VALUE_1 = "277CA"
    VALUE_2 = "835"

    def __str__(self) -> str:
        return str(self.value)

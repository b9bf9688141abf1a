from enum import StrEnum

class ServicePatientLocationType0(StrEnum):
    HOME = "home"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)

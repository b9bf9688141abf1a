from enum import StrEnum

class ServiceSetting(StrEnum):
    GROUP = "group"
    INDIVIDUAL = "individual"

    def __str__(self) -> str:
        return str(self.value)

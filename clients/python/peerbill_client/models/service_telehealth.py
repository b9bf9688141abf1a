from enum import StrEnum

class ServiceTelehealth(StrEnum):
    AUDIO_ONLY = "audio_only"
    AUDIO_VIDEO = "audio_video"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)

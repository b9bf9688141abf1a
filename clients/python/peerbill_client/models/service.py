from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.service_patient_location_type_0 import ServicePatientLocationType0
from ..models.service_setting import ServiceSetting
from ..models.service_telehealth import ServiceTelehealth
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Service")



@_attrs_define
class Service:
    """ 
        Attributes:
            date (datetime.date): Date of service, in the state where it was delivered.
            hcpcs (str): HCPCS procedure code.
            place_of_service (str): CMS place-of-service code.
            setting (ServiceSetting): Individual or group session.
            charge (float | None | str | Unset): The agency's billed charge for the line, where the state pays the lesser of
                charge or fee.
            county (None | str | Unset): County the state's regional rate is keyed by, where its pack has a county-to-region
                table (NY CFTSS: the county of the provider's service location).
            end_time (None | str | Unset): Local end time (same day).
            group_size (int | None | Unset): Members in the group (group sessions only).
            last_in_person_on (datetime.date | None | Unset): For a remote session: the member's last in-person or
                synchronous audio-video contact with the same billing provider, where the state requires one within a look-back
                (TX audio-only).
            minutes (int | None | Unset): Face-to-face minutes; derived from the times when omitted.
            modifiers (list[str] | Unset): Procedure modifiers, in billing order.
            offsite (bool | Unset): Delivered away from the provider's site (home, school, community), where the state pays
                an offsite add-on (NY CFTSS 7923/7930). Default: False.
            patient_location (None | ServicePatientLocationType0 | Unset): For a remote session: where the patient was (home
                or elsewhere), where the state's place of service depends on it (POS 10 vs 02).
            rate_code (None | str | Unset): State rate code billed, where the state prices by rate code (NY CFTSS 7915);
                chosen from the program's base codes by setting when omitted.
            rate_region (None | str | Unset): Rate region, where the state prices by region (NY: upstate, downstate).
                Derived from `county` when the program has a county table; give one or the other.
            start_time (None | str | Unset): Local start time.
            telehealth (ServiceTelehealth | Unset): How it was delivered: in person (none), audio-video, or audio-only.
                Default: ServiceTelehealth.NONE.
     """

    date: datetime.date
    hcpcs: str
    place_of_service: str
    setting: ServiceSetting
    charge: float | None | str | Unset = UNSET
    county: None | str | Unset = UNSET
    end_time: None | str | Unset = UNSET
    group_size: int | None | Unset = UNSET
    last_in_person_on: datetime.date | None | Unset = UNSET
    minutes: int | None | Unset = UNSET
    modifiers: list[str] | Unset = UNSET
    offsite: bool | Unset = False
    patient_location: None | ServicePatientLocationType0 | Unset = UNSET
    rate_code: None | str | Unset = UNSET
    rate_region: None | str | Unset = UNSET
    start_time: None | str | Unset = UNSET
    telehealth: ServiceTelehealth | Unset = ServiceTelehealth.NONE





    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        hcpcs = self.hcpcs

        place_of_service = self.place_of_service

        setting = self.setting.value

        charge: float | None | str | Unset
        if isinstance(self.charge, Unset):
            charge = UNSET
        else:
            charge = self.charge

        county: None | str | Unset
        if isinstance(self.county, Unset):
            county = UNSET
        else:
            county = self.county

        end_time: None | str | Unset
        if isinstance(self.end_time, Unset):
            end_time = UNSET
        else:
            end_time = self.end_time

        group_size: int | None | Unset
        if isinstance(self.group_size, Unset):
            group_size = UNSET
        else:
            group_size = self.group_size

        last_in_person_on: None | str | Unset
        if isinstance(self.last_in_person_on, Unset):
            last_in_person_on = UNSET
        elif isinstance(self.last_in_person_on, datetime.date):
            last_in_person_on = self.last_in_person_on.isoformat()
        else:
            last_in_person_on = self.last_in_person_on

        minutes: int | None | Unset
        if isinstance(self.minutes, Unset):
            minutes = UNSET
        else:
            minutes = self.minutes

        modifiers: list[str] | Unset = UNSET
        if not isinstance(self.modifiers, Unset):
            modifiers = self.modifiers



        offsite = self.offsite

        patient_location: None | str | Unset
        if isinstance(self.patient_location, Unset):
            patient_location = UNSET
        elif isinstance(self.patient_location, ServicePatientLocationType0):
            patient_location = self.patient_location.value
        else:
            patient_location = self.patient_location

        rate_code: None | str | Unset
        if isinstance(self.rate_code, Unset):
            rate_code = UNSET
        else:
            rate_code = self.rate_code

        rate_region: None | str | Unset
        if isinstance(self.rate_region, Unset):
            rate_region = UNSET
        else:
            rate_region = self.rate_region

        start_time: None | str | Unset
        if isinstance(self.start_time, Unset):
            start_time = UNSET
        else:
            start_time = self.start_time

        telehealth: str | Unset = UNSET
        if not isinstance(self.telehealth, Unset):
            telehealth = self.telehealth.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "date": date,
            "hcpcs": hcpcs,
            "place_of_service": place_of_service,
            "setting": setting,
        })
        if charge is not UNSET:
            field_dict["charge"] = charge
        if county is not UNSET:
            field_dict["county"] = county
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if group_size is not UNSET:
            field_dict["group_size"] = group_size
        if last_in_person_on is not UNSET:
            field_dict["last_in_person_on"] = last_in_person_on
        if minutes is not UNSET:
            field_dict["minutes"] = minutes
        if modifiers is not UNSET:
            field_dict["modifiers"] = modifiers
        if offsite is not UNSET:
            field_dict["offsite"] = offsite
        if patient_location is not UNSET:
            field_dict["patient_location"] = patient_location
        if rate_code is not UNSET:
            field_dict["rate_code"] = rate_code
        if rate_region is not UNSET:
            field_dict["rate_region"] = rate_region
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if telehealth is not UNSET:
            field_dict["telehealth"] = telehealth

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))




        hcpcs = d.pop("hcpcs")

        place_of_service = d.pop("place_of_service")

        setting = ServiceSetting(d.pop("setting"))




        def _parse_charge(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        charge = _parse_charge(d.pop("charge", UNSET))


        def _parse_county(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        county = _parse_county(d.pop("county", UNSET))


        def _parse_end_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        end_time = _parse_end_time(d.pop("end_time", UNSET))


        def _parse_group_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        group_size = _parse_group_size(d.pop("group_size", UNSET))


        def _parse_last_in_person_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_in_person_on_type_0 = datetime.date.fromisoformat(data)



                return last_in_person_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        last_in_person_on = _parse_last_in_person_on(d.pop("last_in_person_on", UNSET))


        def _parse_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        minutes = _parse_minutes(d.pop("minutes", UNSET))


        modifiers = cast(list[str], d.pop("modifiers", UNSET))


        offsite = d.pop("offsite", UNSET)

        def _parse_patient_location(data: object) -> None | ServicePatientLocationType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                patient_location_type_0 = ServicePatientLocationType0(data)



                return patient_location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServicePatientLocationType0 | Unset, data)

        patient_location = _parse_patient_location(d.pop("patient_location", UNSET))


        def _parse_rate_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate_code = _parse_rate_code(d.pop("rate_code", UNSET))


        def _parse_rate_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate_region = _parse_rate_region(d.pop("rate_region", UNSET))


        def _parse_start_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        start_time = _parse_start_time(d.pop("start_time", UNSET))


        _telehealth = d.pop("telehealth", UNSET)
        telehealth: ServiceTelehealth | Unset
        if isinstance(_telehealth,  Unset):
            telehealth = UNSET
        else:
            telehealth = ServiceTelehealth(_telehealth)




        service = cls(
            date=date,
            hcpcs=hcpcs,
            place_of_service=place_of_service,
            setting=setting,
            charge=charge,
            county=county,
            end_time=end_time,
            group_size=group_size,
            last_in_person_on=last_in_person_on,
            minutes=minutes,
            modifiers=modifiers,
            offsite=offsite,
            patient_location=patient_location,
            rate_code=rate_code,
            rate_region=rate_region,
            start_time=start_time,
            telehealth=telehealth,
        )

        return service


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.authorization import Authorization
  from ..models.filing_dates import FilingDates
  from ..models.member import Member
  from ..models.payer import Payer
  from ..models.prerequisites import Prerequisites
  from ..models.recovery_plan import RecoveryPlan
  from ..models.rendering_provider import RenderingProvider
  from ..models.service import Service
  from ..models.supervisor import Supervisor





T = TypeVar("T", bound="Encounter")



@_attrs_define
class Encounter:
    """ 
        Attributes:
            diagnoses (list[str]): ICD-10-CM codes, primary first.
            encounter_id (str): The EHR's own id for the encounter; with the agency, it identifies the encounter.
            member (Member):
            payer (Payer):
            rendering (RenderingProvider):
            service (Service):
            authorization (Authorization | None | Unset): Service authorization with its dates, where the state requires one
                before service (prior_authorization alone carries only a number).
            episode_started_on (datetime.date | None | Unset): First day of the member's current episode of care, where a
                state counts a cap per episode (NC). Without it the whole window is counted.
            member_enrollments (list[str] | Unset): Programs or services the member is enrolled in on the date of service,
                by the names the state's pack defines for its exclusions (NJ Horizon: 'peer-recovery-service', a service that
                already delivers peer recovery).
            prerequisites (None | Prerequisites | Unset): Dates of documents required before the first service (service
                order, assessment, ...).
            prior_authorization (None | str | Unset): Prior authorization number.
            program (None | str | Unset): The program inside the state's Medicaid that pays for the service, where the state
                has several (a key of `programs` in GET /v1/rules/{state}; NY: cftss-fpss, cftss-yps, oasas-peer, omh-core-
                peer).
            recovery_plan (None | RecoveryPlan | Unset): Recovery or service plan dates.
            supervisor (None | Supervisor | Unset): Supervising professional, where required.
            timely_filing (FilingDates | None | Unset): Dates that start other filing clocks (retro eligibility, other
                payer, resubmission).
     """

    diagnoses: list[str]
    encounter_id: str
    member: Member
    payer: Payer
    rendering: RenderingProvider
    service: Service
    authorization: Authorization | None | Unset = UNSET
    episode_started_on: datetime.date | None | Unset = UNSET
    member_enrollments: list[str] | Unset = UNSET
    prerequisites: None | Prerequisites | Unset = UNSET
    prior_authorization: None | str | Unset = UNSET
    program: None | str | Unset = UNSET
    recovery_plan: None | RecoveryPlan | Unset = UNSET
    supervisor: None | Supervisor | Unset = UNSET
    timely_filing: FilingDates | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.authorization import Authorization # noqa: PLC0415
        from ..models.filing_dates import FilingDates # noqa: PLC0415
        from ..models.member import Member # noqa: PLC0415
        from ..models.payer import Payer # noqa: PLC0415
        from ..models.prerequisites import Prerequisites # noqa: PLC0415
        from ..models.recovery_plan import RecoveryPlan # noqa: PLC0415
        from ..models.rendering_provider import RenderingProvider # noqa: PLC0415
        from ..models.service import Service # noqa: PLC0415
        from ..models.supervisor import Supervisor # noqa: PLC0415
        diagnoses = self.diagnoses



        encounter_id = self.encounter_id

        member = self.member.to_dict()

        payer = self.payer.to_dict()

        rendering = self.rendering.to_dict()

        service = self.service.to_dict()

        authorization: dict[str, Any] | None | Unset
        if isinstance(self.authorization, Unset):
            authorization = UNSET
        elif isinstance(self.authorization, Authorization):
            authorization = self.authorization.to_dict()
        else:
            authorization = self.authorization

        episode_started_on: None | str | Unset
        if isinstance(self.episode_started_on, Unset):
            episode_started_on = UNSET
        elif isinstance(self.episode_started_on, datetime.date):
            episode_started_on = self.episode_started_on.isoformat()
        else:
            episode_started_on = self.episode_started_on

        member_enrollments: list[str] | Unset = UNSET
        if not isinstance(self.member_enrollments, Unset):
            member_enrollments = self.member_enrollments



        prerequisites: dict[str, Any] | None | Unset
        if isinstance(self.prerequisites, Unset):
            prerequisites = UNSET
        elif isinstance(self.prerequisites, Prerequisites):
            prerequisites = self.prerequisites.to_dict()
        else:
            prerequisites = self.prerequisites

        prior_authorization: None | str | Unset
        if isinstance(self.prior_authorization, Unset):
            prior_authorization = UNSET
        else:
            prior_authorization = self.prior_authorization

        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        recovery_plan: dict[str, Any] | None | Unset
        if isinstance(self.recovery_plan, Unset):
            recovery_plan = UNSET
        elif isinstance(self.recovery_plan, RecoveryPlan):
            recovery_plan = self.recovery_plan.to_dict()
        else:
            recovery_plan = self.recovery_plan

        supervisor: dict[str, Any] | None | Unset
        if isinstance(self.supervisor, Unset):
            supervisor = UNSET
        elif isinstance(self.supervisor, Supervisor):
            supervisor = self.supervisor.to_dict()
        else:
            supervisor = self.supervisor

        timely_filing: dict[str, Any] | None | Unset
        if isinstance(self.timely_filing, Unset):
            timely_filing = UNSET
        elif isinstance(self.timely_filing, FilingDates):
            timely_filing = self.timely_filing.to_dict()
        else:
            timely_filing = self.timely_filing


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "diagnoses": diagnoses,
            "encounter_id": encounter_id,
            "member": member,
            "payer": payer,
            "rendering": rendering,
            "service": service,
        })
        if authorization is not UNSET:
            field_dict["authorization"] = authorization
        if episode_started_on is not UNSET:
            field_dict["episode_started_on"] = episode_started_on
        if member_enrollments is not UNSET:
            field_dict["member_enrollments"] = member_enrollments
        if prerequisites is not UNSET:
            field_dict["prerequisites"] = prerequisites
        if prior_authorization is not UNSET:
            field_dict["prior_authorization"] = prior_authorization
        if program is not UNSET:
            field_dict["program"] = program
        if recovery_plan is not UNSET:
            field_dict["recovery_plan"] = recovery_plan
        if supervisor is not UNSET:
            field_dict["supervisor"] = supervisor
        if timely_filing is not UNSET:
            field_dict["timely_filing"] = timely_filing

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.authorization import Authorization # noqa: PLC0415
        from ..models.filing_dates import FilingDates # noqa: PLC0415
        from ..models.member import Member # noqa: PLC0415
        from ..models.payer import Payer # noqa: PLC0415
        from ..models.prerequisites import Prerequisites # noqa: PLC0415
        from ..models.recovery_plan import RecoveryPlan # noqa: PLC0415
        from ..models.rendering_provider import RenderingProvider # noqa: PLC0415
        from ..models.service import Service # noqa: PLC0415
        from ..models.supervisor import Supervisor # noqa: PLC0415
        d = dict(src_dict)
        diagnoses = cast(list[str], d.pop("diagnoses"))


        encounter_id = d.pop("encounter_id")

        member = Member.from_dict(d.pop("member"))




        payer = Payer.from_dict(d.pop("payer"))




        rendering = RenderingProvider.from_dict(d.pop("rendering"))




        service = Service.from_dict(d.pop("service"))




        def _parse_authorization(data: object) -> Authorization | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                authorization_type_0 = Authorization.from_dict(data)



                return authorization_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Authorization | None | Unset, data)

        authorization = _parse_authorization(d.pop("authorization", UNSET))


        def _parse_episode_started_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                episode_started_on_type_0 = datetime.date.fromisoformat(data)



                return episode_started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        episode_started_on = _parse_episode_started_on(d.pop("episode_started_on", UNSET))


        member_enrollments = cast(list[str], d.pop("member_enrollments", UNSET))


        def _parse_prerequisites(data: object) -> None | Prerequisites | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prerequisites_type_0 = Prerequisites.from_dict(data)



                return prerequisites_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Prerequisites | Unset, data)

        prerequisites = _parse_prerequisites(d.pop("prerequisites", UNSET))


        def _parse_prior_authorization(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prior_authorization = _parse_prior_authorization(d.pop("prior_authorization", UNSET))


        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        def _parse_recovery_plan(data: object) -> None | RecoveryPlan | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                recovery_plan_type_0 = RecoveryPlan.from_dict(data)



                return recovery_plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RecoveryPlan | Unset, data)

        recovery_plan = _parse_recovery_plan(d.pop("recovery_plan", UNSET))


        def _parse_supervisor(data: object) -> None | Supervisor | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                supervisor_type_0 = Supervisor.from_dict(data)



                return supervisor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Supervisor | Unset, data)

        supervisor = _parse_supervisor(d.pop("supervisor", UNSET))


        def _parse_timely_filing(data: object) -> FilingDates | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                timely_filing_type_0 = FilingDates.from_dict(data)



                return timely_filing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FilingDates | None | Unset, data)

        timely_filing = _parse_timely_filing(d.pop("timely_filing", UNSET))


        encounter = cls(
            diagnoses=diagnoses,
            encounter_id=encounter_id,
            member=member,
            payer=payer,
            rendering=rendering,
            service=service,
            authorization=authorization,
            episode_started_on=episode_started_on,
            member_enrollments=member_enrollments,
            prerequisites=prerequisites,
            prior_authorization=prior_authorization,
            program=program,
            recovery_plan=recovery_plan,
            supervisor=supervisor,
            timely_filing=timely_filing,
        )

        return encounter


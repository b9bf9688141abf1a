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
  from ..models.job_out_result_type_0 import JobOutResultType0
  from ..models.job_progress import JobProgress
  from ..models.problem import Problem





T = TypeVar("T", bound="JobOut")



@_attrs_define
class JobOut:
    """ 
        Attributes:
            agency_id (str):
            attempts (int): Times a worker has taken it up.
            created_at (datetime.datetime):
            id (str):
            kind (str): claim_build, response_ingest, whatif, or filing_watch (the daily chore the workers queue themselves;
                only the operator's `peerbill jobs` shows it).
            max_attempts (int):
            progress (JobProgress):
            status (str): queued, running, done or failed (a failure may be retried: queued again).
            error (None | Problem | Unset): When failed (or the last failed attempt of a retried job).
            finished_at (datetime.datetime | None | Unset):
            result (JobOutResultType0 | None | Unset): When done: what the synchronous route answers.
            run_after (datetime.datetime | None | Unset): When a queued job is next due (after a backoff).
            started_at (datetime.datetime | None | Unset):
     """

    agency_id: str
    attempts: int
    created_at: datetime.datetime
    id: str
    kind: str
    max_attempts: int
    progress: JobProgress
    status: str
    error: None | Problem | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    result: JobOutResultType0 | None | Unset = UNSET
    run_after: datetime.datetime | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.job_out_result_type_0 import JobOutResultType0 # noqa: PLC0415
        from ..models.job_progress import JobProgress # noqa: PLC0415
        from ..models.problem import Problem # noqa: PLC0415
        agency_id = self.agency_id

        attempts = self.attempts

        created_at = self.created_at.isoformat()

        id = self.id

        kind = self.kind

        max_attempts = self.max_attempts

        progress = self.progress.to_dict()

        status = self.status

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, Problem):
            error = self.error.to_dict()
        else:
            error = self.error

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, JobOutResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        run_after: None | str | Unset
        if isinstance(self.run_after, Unset):
            run_after = UNSET
        elif isinstance(self.run_after, datetime.datetime):
            run_after = self.run_after.isoformat()
        else:
            run_after = self.run_after

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agency_id": agency_id,
            "attempts": attempts,
            "created_at": created_at,
            "id": id,
            "kind": kind,
            "max_attempts": max_attempts,
            "progress": progress,
            "status": status,
        })
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if result is not UNSET:
            field_dict["result"] = result
        if run_after is not UNSET:
            field_dict["run_after"] = run_after
        if started_at is not UNSET:
            field_dict["started_at"] = started_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_out_result_type_0 import JobOutResultType0 # noqa: PLC0415
        from ..models.job_progress import JobProgress # noqa: PLC0415
        from ..models.problem import Problem # noqa: PLC0415
        d = dict(src_dict)
        agency_id = d.pop("agency_id")

        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        kind = d.pop("kind")

        max_attempts = d.pop("max_attempts")

        progress = JobProgress.from_dict(d.pop("progress"))




        status = d.pop("status")

        def _parse_error(data: object) -> None | Problem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = Problem.from_dict(data)



                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Problem | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))


        def _parse_result(data: object) -> JobOutResultType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = JobOutResultType0.from_dict(data)



                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobOutResultType0 | None | Unset, data)

        result = _parse_result(d.pop("result", UNSET))


        def _parse_run_after(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                run_after_type_0 = datetime.datetime.fromisoformat(data)



                return run_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        run_after = _parse_run_after(d.pop("run_after", UNSET))


        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))


        job_out = cls(
            agency_id=agency_id,
            attempts=attempts,
            created_at=created_at,
            id=id,
            kind=kind,
            max_attempts=max_attempts,
            progress=progress,
            status=status,
            error=error,
            finished_at=finished_at,
            result=result,
            run_after=run_after,
            started_at=started_at,
        )


        job_out.additional_properties = d
        return job_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

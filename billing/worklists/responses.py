"""Payer responses as staff read them: the list, and one file read back as data with the codes in words."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.access import AccessError, Actor
from billing.audit import record
from billing.db.models import ResponseFile
from billing.worklists.pages import decode, page
from billing.x12 import codes
from billing.x12.reader import X12Error
from billing.x12.responses import read_277ca, read_835, read_999
from schemas.worklists import Page, ResponseDetail, ResponseSummary


def _summary(r: ResponseFile) -> ResponseSummary:
    return ResponseSummary(id=r.id, agency_id=r.agency_id, kind=r.kind, received_at=r.received_at,  # type: ignore[arg-type]
                           received_by=r.received_by, sha256=r.sha256, summary=r.summary)


def list_responses(s: Session, agencies: tuple[str, ...], kind: str | None = None, cursor: str | None = None,
                   limit: int = 100) -> Page[ResponseSummary]:
    q = select(ResponseFile).where(ResponseFile.agency_id.in_(agencies))
    if kind is not None:
        q = q.where(ResponseFile.kind == kind)
    if (key := decode(cursor, str)) is not None:
        q = q.where(ResponseFile.id < key[0])
    rows = s.scalars(q.order_by(ResponseFile.id.desc()).limit(limit + 1)).all()
    return page(rows, limit, _summary, lambda r: [r.id])


def get_response(s: Session, actor: Actor, agencies: tuple[str, ...], response_id: str) -> ResponseDetail:
    """The file read back; a person's read is audited (an 835 or 277CA names patients)."""
    r = s.get(ResponseFile, response_id)
    if r is None or r.agency_id not in agencies:
        raise AccessError(404, f"no response {response_id}")
    if actor.is_person:
        record(s, actor, "response.read", "response", r.id, r.agency_id)
    return ResponseDetail(**_summary(r).model_dump(), document=readable(r.kind, r.content), raw=r.content)


def readable(kind: str, text: str) -> dict[str, Any]:
    """The file as its reader returns it, every code paired with its text (it was valid when it came in)."""
    try:
        if kind == "999":
            doc: Any = read_999(text).model_dump(mode="json")
        elif kind == "277CA":
            doc = read_277ca(text).model_dump(mode="json")
        else:
            doc = {"payments": [r.model_dump(mode="json") for r in read_835(text)]}
    except X12Error as exc:  # a reader made stricter since the file was taken in
        return {"unreadable": str(exc)}
    return _explain(doc)  # type: ignore[no-any-return]


def _explain(node: Any) -> Any:
    if isinstance(node, list):
        return [_explain(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _explain(v) for k, v in node.items()}
    if {"group", "reason", "amount"} <= node.keys():  # a CAS adjustment
        out["group_text"] = codes.describe("ADJUSTMENT_GROUP", node["group"])
        out["reason_text"] = codes.describe("CARC", node["reason"])
    if {"category", "status", "entity"} <= node.keys():  # a 277 status composite
        out["category_text"] = codes.describe("CLAIM_STATUS_CATEGORY", node["category"])
        out["status_text"] = codes.describe("CLAIM_STATUS", node["status"]) if node["status"] else None
    if "remarks" in node:
        out["remarks"] = [{"code": c, "text": codes.describe("RARC", c)} for c in node["remarks"]]
    if "sets" in node and "status" in node:  # a 999 functional group
        out["status_text"] = codes.describe("AK901", node["status"])
    if "segment_errors" in node and "status" in node:  # a 999 transaction set
        out["status_text"] = codes.describe("IK501", node["status"])
    if "segment_id" in node and node.get("code"):
        out["code_text"] = codes.describe("IK304", node["code"])
    if "data_element" in node and node.get("code"):
        out["code_text"] = codes.describe("IK403", node["code"])
    return out

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.trading_partner_usage import TradingPartnerUsage
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TradingPartner")



@_attrs_define
class TradingPartner:
    """ Per-payer envelope settings: who we are to the receiver, and who they are.

        Attributes:
            contact_name (str): 1000A PER02.
            contact_phone (str): 1000A PER04, ten digits.
            receiver_id (str): ISA08 (and GS03 unless gs_receiver_id).
            receiver_name (str): 1000B NM103.
            sender_id (str): ISA06 (and GS02 unless gs_sender_id).
            submitter_id (str): 1000A NM109.
            submitter_name (str): 1000A NM103.
            contact_email (None | str | Unset):
            gs_receiver_id (None | str | Unset):
            gs_sender_id (None | str | Unset):
            receiver_qualifier (str | Unset): ISA07. Default: 'ZZ'.
            sender_qualifier (str | Unset): ISA05. Default: 'ZZ'.
            usage (TradingPartnerUsage | Unset): ISA15: T test, P production. Default: TradingPartnerUsage.T.
     """

    contact_name: str
    contact_phone: str
    receiver_id: str
    receiver_name: str
    sender_id: str
    submitter_id: str
    submitter_name: str
    contact_email: None | str | Unset = UNSET
    gs_receiver_id: None | str | Unset = UNSET
    gs_sender_id: None | str | Unset = UNSET
    receiver_qualifier: str | Unset = 'ZZ'
    sender_qualifier: str | Unset = 'ZZ'
    usage: TradingPartnerUsage | Unset = TradingPartnerUsage.T





    def to_dict(self) -> dict[str, Any]:
        contact_name = self.contact_name

        contact_phone = self.contact_phone

        receiver_id = self.receiver_id

        receiver_name = self.receiver_name

        sender_id = self.sender_id

        submitter_id = self.submitter_id

        submitter_name = self.submitter_name

        contact_email: None | str | Unset
        if isinstance(self.contact_email, Unset):
            contact_email = UNSET
        else:
            contact_email = self.contact_email

        gs_receiver_id: None | str | Unset
        if isinstance(self.gs_receiver_id, Unset):
            gs_receiver_id = UNSET
        else:
            gs_receiver_id = self.gs_receiver_id

        gs_sender_id: None | str | Unset
        if isinstance(self.gs_sender_id, Unset):
            gs_sender_id = UNSET
        else:
            gs_sender_id = self.gs_sender_id

        receiver_qualifier = self.receiver_qualifier

        sender_qualifier = self.sender_qualifier

        usage: str | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "receiver_id": receiver_id,
            "receiver_name": receiver_name,
            "sender_id": sender_id,
            "submitter_id": submitter_id,
            "submitter_name": submitter_name,
        })
        if contact_email is not UNSET:
            field_dict["contact_email"] = contact_email
        if gs_receiver_id is not UNSET:
            field_dict["gs_receiver_id"] = gs_receiver_id
        if gs_sender_id is not UNSET:
            field_dict["gs_sender_id"] = gs_sender_id
        if receiver_qualifier is not UNSET:
            field_dict["receiver_qualifier"] = receiver_qualifier
        if sender_qualifier is not UNSET:
            field_dict["sender_qualifier"] = sender_qualifier
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_name = d.pop("contact_name")

        contact_phone = d.pop("contact_phone")

        receiver_id = d.pop("receiver_id")

        receiver_name = d.pop("receiver_name")

        sender_id = d.pop("sender_id")

        submitter_id = d.pop("submitter_id")

        submitter_name = d.pop("submitter_name")

        def _parse_contact_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        contact_email = _parse_contact_email(d.pop("contact_email", UNSET))


        def _parse_gs_receiver_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gs_receiver_id = _parse_gs_receiver_id(d.pop("gs_receiver_id", UNSET))


        def _parse_gs_sender_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gs_sender_id = _parse_gs_sender_id(d.pop("gs_sender_id", UNSET))


        receiver_qualifier = d.pop("receiver_qualifier", UNSET)

        sender_qualifier = d.pop("sender_qualifier", UNSET)

        _usage = d.pop("usage", UNSET)
        usage: TradingPartnerUsage | Unset
        if isinstance(_usage,  Unset):
            usage = UNSET
        else:
            usage = TradingPartnerUsage(_usage)




        trading_partner = cls(
            contact_name=contact_name,
            contact_phone=contact_phone,
            receiver_id=receiver_id,
            receiver_name=receiver_name,
            sender_id=sender_id,
            submitter_id=submitter_id,
            submitter_name=submitter_name,
            contact_email=contact_email,
            gs_receiver_id=gs_receiver_id,
            gs_sender_id=gs_sender_id,
            receiver_qualifier=receiver_qualifier,
            sender_qualifier=sender_qualifier,
            usage=usage,
        )

        return trading_partner


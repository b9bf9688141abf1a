""" Contains all the data models used in inputs/outputs """

from .add_on_line import AddOnLine
from .address import Address
from .agency_in import AgencyIn
from .agency_out import AgencyOut
from .agency_page import AgencyPage
from .agency_patch import AgencyPatch
from .agency_patch_address_type_0 import AgencyPatchAddressType0
from .at_risk_item import AtRiskItem
from .at_risk_item_page import AtRiskItemPage
from .attempt_out import AttemptOut
from .audit_event_out import AuditEventOut
from .audit_event_out_detail_type_0 import AuditEventOutDetailType0
from .audit_event_page import AuditEventPage
from .authorization import Authorization
from .batch_item_out import BatchItemOut
from .batch_out import BatchOut
from .build_in import BuildIn
from .build_out import BuildOut
from .build_out_corrected_item import BuildOutCorrectedItem
from .citation import Citation
from .citation_confidence import CitationConfidence
from .claim_action_in import ClaimActionIn
from .claim_file_out import ClaimFileOut
from .claim_file_page import ClaimFilePage
from .claim_line_out import ClaimLineOut
from .claim_out import ClaimOut
from .claim_summary import ClaimSummary
from .claim_summary_page import ClaimSummaryPage
from .claim_summary_work_state_type_0 import ClaimSummaryWorkStateType0
from .create_encounter_batch_body import CreateEncounterBatchBody
from .credential import Credential
from .delivery_out import DeliveryOut
from .delivery_page import DeliveryPage
from .encounter import Encounter
from .encounter_out import EncounterOut
from .encounter_out_status import EncounterOutStatus
from .encounter_page import EncounterPage
from .encounter_summary import EncounterSummary
from .encounter_summary_status import EncounterSummaryStatus
from .endpoint_in import EndpointIn
from .endpoint_out import EndpointOut
from .endpoint_page import EndpointPage
from .endpoint_patch import EndpointPatch
from .event_out import EventOut
from .event_out_data import EventOutData
from .event_page import EventPage
from .excluded_out import ExcludedOut
from .excluded_out_findings_item import ExcludedOutFindingsItem
from .fhir_resource import FhirResource
from .field_error import FieldError
from .filing_dates import FilingDates
from .finding import Finding
from .finding_severity import FindingSeverity
from .get_liveness_response_getliveness import GetLivenessResponseGetliveness
from .ingest_out import IngestOut
from .ingest_out_summary import IngestOutSummary
from .job_out import JobOut
from .job_out_result_type_0 import JobOutResultType0
from .job_page import JobPage
from .job_progress import JobProgress
from .key_in import KeyIn
from .key_in_role import KeyInRole
from .key_out import KeyOut
from .key_out_role import KeyOutRole
from .key_page import KeyPage
from .key_rotate_in import KeyRotateIn
from .list_claims_work_state_type_0 import ListClaimsWorkStateType0
from .list_encounters_status_type_0 import ListEncountersStatusType0
from .list_rejections_source_type_0 import ListRejectionsSourceType0
from .list_responses_kind_type_0 import ListResponsesKindType0
from .list_rule_packs_response_200_item import ListRulePacksResponse200Item
from .list_unmatched_items_kind_type_0 import ListUnmatchedItemsKindType0
from .member import Member
from .member_sex import MemberSex
from .pack_ref import PackRef
from .payer import Payer
from .payer_in import PayerIn
from .payer_in_charges import PayerInCharges
from .payer_in_claim_span import PayerInClaimSpan
from .payer_in_program import PayerInProgram
from .payer_out import PayerOut
from .payer_out_charges import PayerOutCharges
from .payer_out_claim_span import PayerOutClaimSpan
from .payer_out_program import PayerOutProgram
from .payer_page import PayerPage
from .payer_patch import PayerPatch
from .payer_patch_charges_type_0 import PayerPatchChargesType0
from .payer_patch_partner_type_0 import PayerPatchPartnerType0
from .payer_program import PayerProgram
from .prerequisites import Prerequisites
from .problem import Problem
from .recovery_plan import RecoveryPlan
from .rejection_out import RejectionOut
from .rejection_out_citation_type_0 import RejectionOutCitationType0
from .rejection_out_detail import RejectionOutDetail
from .rejection_out_source import RejectionOutSource
from .rejection_page import RejectionPage
from .rendering_provider import RenderingProvider
from .resolve_in import ResolveIn
from .resolve_in_action import ResolveInAction
from .response_detail import ResponseDetail
from .response_detail_document import ResponseDetailDocument
from .response_detail_kind import ResponseDetailKind
from .response_detail_summary import ResponseDetailSummary
from .response_summary import ResponseSummary
from .response_summary_kind import ResponseSummaryKind
from .response_summary_page import ResponseSummaryPage
from .response_summary_summary import ResponseSummarySummary
from .secret_rotate_in import SecretRotateIn
from .service import Service
from .service_patient_location_type_0 import ServicePatientLocationType0
from .service_setting import ServiceSetting
from .service_telehealth import ServiceTelehealth
from .summarize_rejections_group_by import SummarizeRejectionsGroupBy
from .summarize_rejections_source_type_0 import SummarizeRejectionsSourceType0
from .summary_out import SummaryOut
from .summary_out_group_by import SummaryOutGroupBy
from .summary_row import SummaryRow
from .supervisor import Supervisor
from .timeline_entry import TimelineEntry
from .timeline_entry_detail import TimelineEntryDetail
from .timeline_entry_kind import TimelineEntryKind
from .trading_partner import TradingPartner
from .trading_partner_usage import TradingPartnerUsage
from .unmatched_out import UnmatchedOut
from .unmatched_out_detail import UnmatchedOutDetail
from .unmatched_out_item import UnmatchedOutItem
from .unmatched_out_kind import UnmatchedOutKind
from .unmatched_out_resolution import UnmatchedOutResolution
from .unmatched_page import UnmatchedPage
from .validate_out import ValidateOut
from .verdict import Verdict
from .version_out import VersionOut
from .version_out_kind import VersionOutKind
from .what_if_in import WhatIfIn
from .work_state_in import WorkStateIn
from .work_state_in_state_type_0 import WorkStateInStateType0

__all__ = (
    "AddOnLine",
    "Address",
    "AgencyIn",
    "AgencyOut",
    "AgencyPage",
    "AgencyPatch",
    "AgencyPatchAddressType0",
    "AtRiskItem",
    "AtRiskItemPage",
    "AttemptOut",
    "AuditEventOut",
    "AuditEventOutDetailType0",
    "AuditEventPage",
    "Authorization",
    "BatchItemOut",
    "BatchOut",
    "BuildIn",
    "BuildOut",
    "BuildOutCorrectedItem",
    "Citation",
    "CitationConfidence",
    "ClaimActionIn",
    "ClaimFileOut",
    "ClaimFilePage",
    "ClaimLineOut",
    "ClaimOut",
    "ClaimSummary",
    "ClaimSummaryPage",
    "ClaimSummaryWorkStateType0",
    "CreateEncounterBatchBody",
    "Credential",
    "DeliveryOut",
    "DeliveryPage",
    "Encounter",
    "EncounterOut",
    "EncounterOutStatus",
    "EncounterPage",
    "EncounterSummary",
    "EncounterSummaryStatus",
    "EndpointIn",
    "EndpointOut",
    "EndpointPage",
    "EndpointPatch",
    "EventOut",
    "EventOutData",
    "EventPage",
    "ExcludedOut",
    "ExcludedOutFindingsItem",
    "FhirResource",
    "FieldError",
    "FilingDates",
    "Finding",
    "FindingSeverity",
    "GetLivenessResponseGetliveness",
    "IngestOut",
    "IngestOutSummary",
    "JobOut",
    "JobOutResultType0",
    "JobPage",
    "JobProgress",
    "KeyIn",
    "KeyInRole",
    "KeyOut",
    "KeyOutRole",
    "KeyPage",
    "KeyRotateIn",
    "ListClaimsWorkStateType0",
    "ListEncountersStatusType0",
    "ListRejectionsSourceType0",
    "ListResponsesKindType0",
    "ListRulePacksResponse200Item",
    "ListUnmatchedItemsKindType0",
    "Member",
    "MemberSex",
    "PackRef",
    "Payer",
    "PayerIn",
    "PayerInCharges",
    "PayerInClaimSpan",
    "PayerInProgram",
    "PayerOut",
    "PayerOutCharges",
    "PayerOutClaimSpan",
    "PayerOutProgram",
    "PayerPage",
    "PayerPatch",
    "PayerPatchChargesType0",
    "PayerPatchPartnerType0",
    "PayerProgram",
    "Prerequisites",
    "Problem",
    "RecoveryPlan",
    "RejectionOut",
    "RejectionOutCitationType0",
    "RejectionOutDetail",
    "RejectionOutSource",
    "RejectionPage",
    "RenderingProvider",
    "ResolveIn",
    "ResolveInAction",
    "ResponseDetail",
    "ResponseDetailDocument",
    "ResponseDetailKind",
    "ResponseDetailSummary",
    "ResponseSummary",
    "ResponseSummaryKind",
    "ResponseSummaryPage",
    "ResponseSummarySummary",
    "SecretRotateIn",
    "Service",
    "ServicePatientLocationType0",
    "ServiceSetting",
    "ServiceTelehealth",
    "SummarizeRejectionsGroupBy",
    "SummarizeRejectionsSourceType0",
    "SummaryOut",
    "SummaryOutGroupBy",
    "SummaryRow",
    "Supervisor",
    "TimelineEntry",
    "TimelineEntryDetail",
    "TimelineEntryKind",
    "TradingPartner",
    "TradingPartnerUsage",
    "UnmatchedOut",
    "UnmatchedOutDetail",
    "UnmatchedOutItem",
    "UnmatchedOutKind",
    "UnmatchedOutResolution",
    "UnmatchedPage",
    "ValidateOut",
    "Verdict",
    "VersionOut",
    "VersionOutKind",
    "WhatIfIn",
    "WorkStateIn",
    "WorkStateInStateType0",
)

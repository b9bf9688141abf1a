"""Test mode: an agency's sandbox (where its test keys work) and the synthetic payer that answers its claim files.

A test key authenticates as the agency's sandbox, an agency row of its own (`agencies.sandbox_of`), so every
tenant-scoped read (lists, reports, exports, events, work queues, the console) keeps test and live data apart
without a flag per table. See billing.access (keys and sandboxes) and billing.sandbox.payer (the answers).
"""

from billing.sandbox.payer import DENY_SUFFIX, REJECT_SUFFIX, answer_file

__all__ = ["DENY_SUFFIX", "REJECT_SUFFIX", "answer_file"]

"""Payer responses in one place: 999 acknowledgements, 277CA claim acknowledgements, 835 remittances.

Each reader is pure (text in, schemas.responses objects out), built on the shared scanner in reader.py, and
raises X12Error naming the segment number and id for a file of the wrong type or a broken one.
"""

from billing.x12.ack999 import read_999
from billing.x12.remit835 import balance_problems, read_835
from billing.x12.status277 import read_277ca

__all__ = ["balance_problems", "read_277ca", "read_835", "read_999"]

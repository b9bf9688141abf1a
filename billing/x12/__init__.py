"""X12 EDI: the 837P writer, a tolerant tokenizer shared by the readers, and pyx12 validation."""

"""Readers of record file formats that more than one stage reads (no stage imports here)."""

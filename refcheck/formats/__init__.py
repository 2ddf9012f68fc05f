"""Readers of file formats that several stages read; they import no stage, so any stage may use them."""

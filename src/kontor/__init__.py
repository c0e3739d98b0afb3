"""Kontor: an open-source telecom BSS for business customers."""

__version__ = "0.1.0"

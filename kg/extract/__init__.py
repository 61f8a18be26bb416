"""Extraction, one text at a time: loading, natasha, names, dates, events, positions, relations."""

"""Extraction, one text at a time: the corrections of natasha's names, datelines, dates, events,
positions, relations."""

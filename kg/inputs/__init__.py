"""Reading texts: files and folders (encodings, HTML, bad files), JSON Lines corpora, and the per-text
cache of extractions."""

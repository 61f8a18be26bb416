"""Scoring against factRuEval-2016 gold annotation."""

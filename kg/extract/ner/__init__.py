"""Rules on top of natasha's named entities: in one sentence, and over a whole text."""

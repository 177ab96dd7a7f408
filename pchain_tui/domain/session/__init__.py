"""A session: the plan of steps, the engine that runs it against a clock, cues, and the record."""

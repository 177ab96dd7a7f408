"""Training over time: progression from one session to the next, loads, and recovery."""

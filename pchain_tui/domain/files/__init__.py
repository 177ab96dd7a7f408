"""Routine and exercise-library files: safe YAML, the field definitions, the loader, the catalog."""

"""The human-rights topic set: rules (versioned), the builder that runs them over a dump, I/O."""

"""The frugal Pulumi program (placeholder until the compute and network issue lands)."""

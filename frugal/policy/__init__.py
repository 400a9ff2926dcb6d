"""frugal's cost guardrails: policy rules, the cost model and its price table."""

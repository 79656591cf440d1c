"""Amazon Bedrock Guardrails in plain Python (no HTTP): guardrails and their versions (store), what a guardrail
finds in text (detectors) and how it decides (assess)."""

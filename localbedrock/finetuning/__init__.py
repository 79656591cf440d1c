"""Fine-tuning in plain Python: validating training data as Bedrock does, simulating training (loss curves), what a
custom model learned and how it answers, and serving it (provisioned throughput, on-demand deployments)."""

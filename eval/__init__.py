"""Known-facts evaluation and benchmarks; drives the assistant the way a user does."""

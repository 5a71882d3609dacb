"""The simulated client: an offline engine and an LLM persona behind one interface."""

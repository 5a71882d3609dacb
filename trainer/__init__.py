"""CultureCare Trainer core: plain Python, no UI imports."""

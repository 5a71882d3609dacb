"""Feedback on a trainee's draft: strategies, cultural coverage, risk, rubric scores, exemplars."""

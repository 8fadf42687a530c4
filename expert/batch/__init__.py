"""Assessing a cohort: many presentations, streamed, in order, on every core.

    from expert.batch import assess_many
    for result in assess_many(presentations, jobs=2):
        print(result.number, result.assessment.triage.level if result.assessment else result.error)
"""
from expert.batch.running import Assessed, assess_many, default_jobs, ordered_map

__all__ = ["Assessed", "assess_many", "default_jobs", "ordered_map"]

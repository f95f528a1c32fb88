"""Moderation: the community standards, each enforced by one rule, and the pipeline that runs them.

Entry points: `pipeline.submission_moderate` (the comments app calls it on submit),
`submission.Submission` (what a rule sees), `reasons.ReasonCode` (the closed list of standards).
Rules live in `rules/` (one class per module), trained models in `classifiers/`, the stores of
recent comments that flash-mob and flooding rules need in `recent/`. Writing a rule:
docs/moderation/writing-a-rule.md.
"""

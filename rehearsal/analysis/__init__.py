"""Turn analysis: which step, which skills, is the person safe, and a better way to say it.

`analyzer.Analyzer` is the entry point; `patterns`, `classifier`, `safety` and `rewrite`
are its parts.
"""

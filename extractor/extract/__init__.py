"""extract: the rows a plan commits to. Targets (`targets` for statements, `target_tables` for tables,
with `cues`, `quantities`, `tiers`), duties (`assignments`, `agencies`) and `funding`. A statistical
ranker, when there is one, is passed in by the caller: nothing here loads a model.

May import: core, read, structure.
"""

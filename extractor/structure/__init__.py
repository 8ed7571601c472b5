"""structure: what the normalised text is made of. `segment` finds headings, their kinds and content
blocks; `metadata` reads number, date, province, horizon, signer and report deadline; `provinces`
resolves province names and the 2025 merger.

May import: core, read.
"""

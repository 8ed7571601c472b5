"""read: turn a file into text. `readers` decodes .txt/.md/.pdf/.docx into a RawDocument; `normalise`
makes one canonical text (NFC, one tone-mark convention, rejoined lines) with an offset map to the raw text.

May import: core.
"""

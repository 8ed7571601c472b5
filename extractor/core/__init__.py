"""The foundation every stage shares: the pydantic models that cross module boundaries (`models`),
loading and validating the YAML rule files (`rules`), and the reference taxonomy of codes (`taxonomy`).

Imports nothing else of the package.
"""

"""What pyproject.toml cannot say: a wheel carries the client's top-level rules/ as extractor/_rules.

core.rules.rules_dir() reads $PLANS_RULES_DIR, else that installed copy, else the
repository's rules/ (source checkout, editable install).
"""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["extractor*"]) + ["extractor._rules"],
    package_dir={"extractor._rules": "rules"},
    package_data={"extractor": ["model/weights/**/*", "structure/*.json"], "extractor._rules": ["*.yaml", "**/*.yaml"]},
)

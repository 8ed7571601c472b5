"""model: the trained classifiers (`classifier`, spaCy text classifiers over syllable n-grams, CPU,
offline) and the shipped weights (`shipped`: where they live, their fingerprint, the rules-only
switch). The weights are in model/weights/.

May import: core, read, structure, extract.
"""

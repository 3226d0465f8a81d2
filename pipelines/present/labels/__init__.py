"""Glossary areas: each module here holds `LABELS = {key: (Indonesian, English)}` for one part of the product
(a page, an output, a kind of input). `pipelines.present.glossary` merges them all and refuses a key defined
twice, so a new area never overrides another's words."""

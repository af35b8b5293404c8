"""exneuro: the analysis helpers behind the book *Exercise and the nervous system*.

Modules
-------
data         load and validate the tables in ``data/``
reexpress    percent change, ratio, fold change, log2; SEM/SD/CI; GRIM; recomputed p
effect_size  Cohen's d, Hedges' g, log response ratio, conversions, confidence intervals
power        achieved power, sample size, minimum detectable effect (vectorised)
design       design analysis (power, Type S, exaggeration): known SE, t tests, log ratios
simulate     seeded simulation power for counts and proportions
translate    mouse-to-human age, time and dose scaling
plots        the book's seaborn theme and standard figures
cite         "cite this chapter" text, BibTeX, reference lists and author-year labels
quality      source cards and the transparency score of a source article
claims       the table of checkable claims and their verdicts
shares       the precision of a share estimated from few people
quotes       numbers read back from the verbatim quotes in ``data/``
meta         meta-analytic effects: intervals, shrinkage, planning, heterogeneity
guidance     exercise guidance re-expressed as a weekly dose
metascience  positive predictive value of a significant finding (Ioannidis 2005)
prevalence   prevalence, population counts, vague quantities, reported percentages
synthesis    the evidence-at-a-glance table and figure
book         the table of contents, chapter links and Markdown tables
chapter      the frame every chapter notebook shares
environment  pinned and installed package versions
"""

from exneuro._version import __version__

__all__ = ["__version__"]

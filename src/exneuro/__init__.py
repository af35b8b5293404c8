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
cite         "cite this chapter" text, BibTeX and chapter reference lists
quality      source cards and the transparency score of a source article
claims       claims tables and the precision of a share estimated from few people
meta         meta-analytic effects: intervals, shrinkage, sample size per arm
guidance     exercise guidance re-expressed as a weekly dose
metascience  positive predictive value of a significant finding (Ioannidis 2005)
prevalence   prevalence, population counts and vague quantities
synthesis    the evidence-at-a-glance table and figure
"""

from exneuro._version import __version__

__all__ = ["__version__"]

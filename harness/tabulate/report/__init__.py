"""twc's tabulation: kernel matrix, kernel diff, HTML report, generated docs.

Python 3 standard library only.  Every input is a file the harness already
wrote (results directories of `make matrix`, verdict tables, goldens, case
sources, the rule list), so everything here runs without a kernel.
"""

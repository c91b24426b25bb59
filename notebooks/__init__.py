"""The report notebooks, shipped with the package as ``bildungsnetz.notebooks``.

This file only makes the folder importable, so that the installed package finds the notebooks
through ``importlib.resources`` (see ``bildungsnetz.config.notebook_dir``). Open the notebooks
in JupyterLab; there is no Python code here.
"""

"""Shim so ``scrapyd-deploy`` builds its egg from pyproject.toml.

scrapyd-client runs ``python setup.py bdist_egg`` and, when no setup.py exists, writes its own one
(named ``project``, ``find_packages()`` only) that would leave out the registry, simulator data and
templates. With this file setuptools takes packages, package data and the ``scrapy`` entry point
from pyproject.toml instead.
"""

from setuptools import setup

setup()

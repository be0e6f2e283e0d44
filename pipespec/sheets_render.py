"""The former place of :mod:`pipespec.render.sheets`: importing this name gives that module itself, so
old imports (and patches of their names) keep working."""

import sys

import pipespec.render.sheets as _moved

sys.modules[__name__] = _moved

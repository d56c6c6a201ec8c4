"""Testing helpers for users of simple-workflow: a pytest plugin running SWF Local in-process.

See :mod:`swf.testing.plugin` for the fixtures.
"""

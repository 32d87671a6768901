"""Server plumbing: one process shares its CPU among every visitor. Lessons call these; none re-implements them.

- `pages`: torch threads per script, and page scripts drawing a few at a time.
- `runs`: a few trainings at a time, a queue, and identical runs trained once.
"""

"""The server's logic as a Python API: the HTTP routes and the supervisors' web pages call it.

Every function takes a SQLAlchemy session first and keyword-only arguments after,
including the authenticated principal; scoping to the principal's organisation
is built in, so a caller cannot forget it.
"""

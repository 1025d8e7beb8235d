"""Objects of the portal app for the outsider walk (see __init__.py)."""


def objects(cast, ctx_of) -> dict:
    return {}

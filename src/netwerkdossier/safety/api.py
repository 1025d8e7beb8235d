"""API routes of the safety app, mounted under /api/v1/ by netwerkdossier.api.router."""

from ninja import Router

router = Router()

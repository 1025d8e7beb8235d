"""API routes of the analysis app, mounted under /api/v1/ by netwerkdossier.api.router."""

from ninja import Router

router = Router()

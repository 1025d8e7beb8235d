from netwerkdossier.access.api import context_for_request


def current_membership(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    ctx = context_for_request(request)
    return {"access_ctx": ctx, "current_membership": ctx.membership}

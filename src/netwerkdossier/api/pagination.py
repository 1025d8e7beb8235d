"""Page-number pagination: {"count", "next", "previous", "results"} with absolute links."""

from ninja import Field, Schema

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Paginanummer, vanaf 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE,
                           description="Aantal resultaten per pagina (hoogstens 100).")


def _link(request, page: int, page_size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    query["page_size"] = str(page_size)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, queryset, params: PageParams) -> tuple[list, dict]:
    """Return (objects on this page, page envelope without results)."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    items = list(queryset[start:start + params.page_size]) if start < count else []
    envelope = {
        "count": count,
        "next": _link(request, params.page + 1, params.page_size)
        if start + params.page_size < count else None,
        "previous": _link(request, min(params.page - 1, max(1, -(-count // params.page_size))),
                          params.page_size) if params.page > 1 else None,
    }
    return items, envelope

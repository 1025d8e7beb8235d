from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
@transaction.non_atomic_requests  # the probe must answer even when BEGIN would fail
def healthz(request):
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except DatabaseError:
        database = {"status": "unavailable", "vendor": connection.vendor}
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded",
                         "database": database}, status=status)

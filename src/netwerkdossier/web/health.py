from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
        status = 200
    except Exception:  # noqa: BLE001 - the probe reports any database failure as down
        database = {"status": "unavailable", "vendor": connection.vendor}
        status = 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded",
                         "database": database}, status=status)

"""Security headers the application sets itself, so they hold behind any proxy.

- Content-Security-Policy without inline script or style: every script and style sheet
  is a file of our own (htmx is configured by a meta tag not to inject styles or eval).
- Cache-Control: no-store on every answer that passes through Django: pages, downloads
  and API answers carry personal data, and a shared or back-button cache must not keep
  them. Static files are answered by WhiteNoise before this middleware and stay
  cacheable.
- Permissions-Policy: no camera, microphone, location or payment for any page.
HSTS, nosniff, Referrer-Policy and COOP come from Django's SecurityMiddleware (settings).
"""

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
))
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response

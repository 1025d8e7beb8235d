"""Signing a Django test client in as a professional with a verified second factor,
for tests and benchmarks (never used by the application itself)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from netwerkdossier.web.second_factor import APP_DEVICE_NAME, SESSION_VERIFIED, app_device


def sign_in(client, user) -> None:
    """force_login plus a second factor, as after password and code. A user without an
    app gets one with a random key nobody knows."""
    client.force_login(user)
    if app_device(user) is None:
        TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME)
    session = client.session
    session[SESSION_VERIFIED] = {"user": user.pk, "by": "app"}
    session.save()


def next_app_code(user) -> str:
    """A code the user's app would show that the server still accepts: django-otp takes
    the steps around now (its drift included) but never one at or before the last used,
    so a second sign-in within 30 seconds (browser tests) uses the next step, or waits.
    Never the step before now: it falls out of the window when the clock passes a step
    boundary between typing and submitting (CI failed on that once)."""
    import time

    from django_otp.oath import TOTP, hotp

    device = app_device(user)
    device.refresh_from_db()
    while True:
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
        time.sleep(1)

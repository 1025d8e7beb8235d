"""The `netwerkdossier` console command: Django's management commands under one name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerkdossier.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo runs on this machine with synthetic data: a throwaway key and plain
        # HTTP are allowed (settings.DEMO); every other command is production unless
        # NETWERKDOSSIER_DEMO says otherwise.
        os.environ.setdefault("NETWERKDOSSIER_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netwerkdossier", *sys.argv[1:]])


if __name__ == "__main__":
    main()

"""Text registered people about their meeting starting within the next 24 hours, once per
meeting (run it every hour or so from cron)."""

from django.core.management.base import BaseCommand

from events.registration import send_reminders


class Command(BaseCommand):
    help = "Text registered people about their event meeting in the next 24 hours (once)."

    def handle(self, *args, **options):
        sent = send_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{sent} reminder(s) sent")

"""Python smtplib over one connection: python3 smtplib_sender.py PORT COUNT MESSAGE_FILE -> "sent seconds"."""
import smtplib
import sys
import time

port, count, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
message = open(path, "rb").read()
start = time.monotonic()
with smtplib.SMTP("127.0.0.1", port) as smtp:
    smtp.ehlo("bench.test")
    for _ in range(count):
        smtp.sendmail("bench@example.org", ["sink@example.org"], message)
print(count, "%.3f" % (time.monotonic() - start))

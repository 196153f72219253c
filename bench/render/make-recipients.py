#!/usr/bin/env python3
"""Writes a recipient list for the render benchmark: N rows of realistic, varied, partly awkward data.

    make-recipients.py OUT.csv N [SEED]

Columns: email,name,ticket_id,ticket_subject,agent,company,plan. Names and subjects mix ASCII, accented and
CJK text, and some contain & < > " ' so escaping is exercised; about one row in eight has no agent and one in
ten no ticket subject, so templates take their optional sections both ways. Deterministic for a given seed.
"""
import csv
import random
import sys

FIRST = ["Anna", "Jonas", "Zoë", "Łukasz", "Mía", "Sören", "Chloé", "Pieter", "Ana", "Ömer", "Li", "O'Neil", "Jean-Luc", "Ingrid", "Tomás", "美咲"]
LAST = ["Schmidt", "de Vries", "García", "Müller", "Dubois", "Nowak", "O'Brien", "Smith & Sons", "Kowalski", "Jansen", "Rossi", "山田"]
SUBJECTS = [
    "Printer on 3rd floor prints blank pages",
    "VPN drops every 10 minutes",
    "Invoice #{n} shows wrong VAT",
    "Can't log in after password reset",
    "Outlook says \"Cannot connect\" & crashes",
    "New laptop for <onboarding> of Émilie",
    "Zugang für neue Mitarbeiterin einrichten",
    "Factuur klopt niet",
    "Problème d'impression – urgent",
    "Licencia de Office caducada",
]
AGENTS = ["Jonas Weber", "Priya Patel", "Marco Rossi", "Sophie Martin", "Lars de Boer", ""]
COMPANIES = ["Customer GmbH", "Acme & Co", "Beispiel AG", "Exemple SARL", "Ejemplo S.L.", ""]
PLANS = ["Enterprise", "Pro", "Basic"]


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["email", "name", "ticket_id", "ticket_subject", "agent", "company", "plan"])
        for n in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"user{n}@customer{n % 97}.example"
            subject = "" if rng.random() < 0.1 else rng.choice(SUBJECTS).replace("{n}", str(10000 + n))
            agent = "" if rng.random() < 0.125 else rng.choice(AGENTS[:-1])
            writer.writerow([email, f"{first} {last}", f"T-{100000 + n}", subject, agent, rng.choice(COMPANIES), rng.choice(PLANS)])


if __name__ == "__main__":
    main()

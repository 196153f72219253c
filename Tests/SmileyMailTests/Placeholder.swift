// SmileyMailTests: tests arrive with the delivery work.

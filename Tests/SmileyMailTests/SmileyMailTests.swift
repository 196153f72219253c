// SmileyMailTests

// SmileyHTML: see README, Architecture.

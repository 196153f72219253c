// SmileyStore: see README, Architecture.

// SmileyInbound: see README, Architecture.

// SmileyMIME: see README, Architecture.

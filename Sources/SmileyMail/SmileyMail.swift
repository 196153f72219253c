// SmileyMail: see README, Architecture.

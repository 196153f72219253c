// SmileyTemplates: see README, Architecture.

// SmileyWorkflows: see README, Architecture.

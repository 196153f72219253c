// SmileyTemplatesTests

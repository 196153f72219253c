// SmileyMIMETests

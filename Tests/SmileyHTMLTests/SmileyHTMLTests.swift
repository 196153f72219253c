// SmileyHTMLTests

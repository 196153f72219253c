// SmileyInboundTests

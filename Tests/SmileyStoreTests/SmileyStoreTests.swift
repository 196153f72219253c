// SmileyStoreTests

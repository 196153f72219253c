// SmileyCoreTests

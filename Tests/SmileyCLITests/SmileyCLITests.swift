// SmileyCLITests

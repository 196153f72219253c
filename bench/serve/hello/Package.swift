// swift-tools-version:6.0
// The benchmark's reference: the smallest Hummingbird 2 server, answering GET / with a short text. Built only by
// bench/serve/run.sh, never by the project's own build.
import PackageDescription

let package = Package(
    name: "hello",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1")],
    targets: [
        .executableTarget(name: "hello", dependencies: [.product(name: "Hummingbird", package: "hummingbird")])
    ]
)

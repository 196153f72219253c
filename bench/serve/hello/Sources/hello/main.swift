// Hummingbird's hello world on 127.0.0.1:PORT (the first argument): the machine's practical limit for
// bench/serve/run.sh. Logging at the same level as `smiley serve` under the benchmark (warning), so neither
// pays for log lines the other does not.
import Hummingbird
import Logging

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8081 : 8081
var logger = Logger(label: "hello")
logger.logLevel = .warning
let router = Router()
router.get("/") { _, _ in "Hello, world!\n" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
try await app.runService()

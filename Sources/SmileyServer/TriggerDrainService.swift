public import Logging
public import ServiceLifecycle
public import SmileyWorkflows

/// The trigger queue in the server's lifetime: sends what a restart left queued, then keeps the retry timer
/// running (``TriggerWorkflow/startRetries(logger:policy:)``) so that a survey whose send failed for now is sent
/// again with backoff, without waiting for the next trigger; stops the timer on graceful shutdown.
///
/// ``WebServer`` runs it beside the HTTP server; drains never overlap (the routes' drains and the timer's share
/// the workflow's pump).
public struct TriggerDrainService: Service {
    let workflow: TriggerWorkflow
    let logger: Logger
    let policy: TriggerWorkflow.RetryPolicy

    /// Creates the service.
    /// - Parameters:
    ///   - workflow: the server's trigger workflow.
    ///   - logger: where drains log.
    ///   - policy: the retry backoff (1, 2, 4 … 15 minutes by default).
    public init(workflow: TriggerWorkflow, logger: Logger, policy: TriggerWorkflow.RetryPolicy = .init()) {
        self.workflow = workflow
        self.logger = logger
        self.policy = policy
    }

    /// Starts the timer and the first drain, then waits for the graceful shutdown and stops the timer.
    public func run() async throws {
        workflow.startRetries(logger: logger, policy: policy)
        defer { workflow.stopRetries() }
        // Triggers queued before a restart are sent now, not only when the next one arrives. Detached, like the
        // routes' drains: a long send must not hold up the shutdown.
        Task.detached { [workflow, logger] in await workflow.drain(logger: logger) }
        try? await gracefulShutdown()
    }
}

namespace Coverage.Infrastructure.Data;

public enum DatabaseState
{
    Starting,
    Unreachable,
    Ready,
    Failed,
}

/// <summary>What the app knows of its database: set by the start-up initializer, read by health checks and pages.</summary>
public sealed class DatabaseStatus
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DatabaseState State { get; private set; } = DatabaseState.Starting;

    public string? Detail { get; private set; }

    /// <summary>Completes once the database is migrated and seeded.</summary>
    public Task Ready => _ready.Task;

    internal void Set(DatabaseState state, string? detail = null)
    {
        State = state;
        Detail = detail;
        if (state == DatabaseState.Ready) _ready.TrySetResult();
    }
}

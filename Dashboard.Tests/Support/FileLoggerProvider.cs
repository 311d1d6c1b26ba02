using Microsoft.Extensions.Logging;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>Writes the app-under-test's log to a file in the artifacts folder, to read when a browser or feed test fails.</summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose() => _writer.Dispose();

    private void Write(string line)
    {
        lock (_gate) _writer.WriteLine(line);
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
        }
    }
}

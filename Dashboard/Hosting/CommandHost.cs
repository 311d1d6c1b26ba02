using Coverage.Infrastructure;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Coverage.Dashboard.Hosting;

/// <summary>Where a command reads (a password on stdin) and writes: results on <see cref="Out"/>, refusals and errors on <see cref="Error"/>.</summary>
public sealed record CommandIO(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CommandIO Console => new(System.Console.In, System.Console.Out, System.Console.Error);

    /// <summary>True when <see cref="In"/> is a person at a terminal (then a password is typed without echo).</summary>
    public bool IsInteractive => ReferenceEquals(In, System.Console.In) && !System.Console.IsInputRedirected;
}

/// <summary>The input was refused: the message says why; nothing was changed. Exit code 2.</summary>
public sealed class CommandRefusedException(string message) : Exception(message);

/// <summary>What a command runs with: its IO, the app's services (in a scope of their own), the configuration, and who acts.</summary>
public sealed record CommandContext(CommandIO IO, IServiceProvider Services, IConfiguration Configuration, string Actor)
{
    public TextWriter Out => IO.Out;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
}

/// <summary>
/// The one host every operations command runs in: the app's configuration (appsettings, environment, and the tests' settings),
/// the Infrastructure services, the database migrated first, a service scope per command. It turns the outcome into the exit
/// code: 0 done, 2 refused input (<see cref="CommandRefusedException"/>, rejected import files; nothing changed), 1 anything
/// else (a database failure during an import included) — always a message, never a stack trace.
/// </summary>
public static class CommandHost
{
    public const int Done = 0, Failed = 1, Refused = 2;

    /// <summary>The audit log's name for whoever runs the CLI: <c>cli:&lt;OS user name&gt;</c>.</summary>
    public static string Actor => $"cli:{Environment.UserName}";

    public static async Task<int> RunAsync(CommandIO io, IDictionary<string, string?>? settings, Func<CommandContext, Task> command)
    {
        var builder = Host.CreateApplicationBuilder();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (DependencyInjection.MissingDatabase(builder.Configuration) is { } missing)
        {
            await io.Error.WriteLineAsync(missing);
            return Failed;
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // EF Core logs a failed command or save with its stack trace; the command reports the failure itself, in one line.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical);
        builder.Services.AddInfrastructure(builder.Configuration);
        using var host = builder.Build();
        var services = host.Services;

        try
        {
            await CoverageDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<CoverageDbContext>>(),
                services.GetRequiredService<NpgsqlDataSource>(), CancellationToken.None);
            await using var scope = services.CreateAsyncScope();
            await command(new CommandContext(io, scope.ServiceProvider, builder.Configuration, Actor));
            return Done;
        }
        catch (CommandRefusedException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return Refused;
        }
        catch (SeedDataException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return Refused;
        }
        catch (ImportFailedException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return Failed;
        }
        catch (Exception e) when (e.GetBaseException() is NpgsqlException and not PostgresException)
        {
            await io.Error.WriteLineAsync($"The database is not reachable: {e.GetBaseException().Message}. Set ConnectionStrings__Coverage.");
            return Failed;
        }
        catch (Exception e)
        {
            // An operator needs the reason, not the trace; the trace is no help to them and may show internals.
            await io.Error.WriteLineAsync($"Failed: {e.GetBaseException().Message}");
            return Failed;
        }
    }
}

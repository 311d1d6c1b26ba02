using Coverage.Dashboard.Hosting;

// Before anything uses the shared ArrayPool: it reads its size once (see SharedArrayPoolSize).
SharedArrayPoolSize.Apply();

// The operations CLI (import, users, tokens, displays): see OperationsCli.
if (OperationsCli.Handles(args))
    return await OperationsCli.RunAsync(args, CommandIO.Console);

var builder = WebApplication.CreateBuilder(args);

builder.AddDashboard();

var app = builder.Build();

// Say plainly what is missing and stop, rather than failing later with a stack trace.
if (Coverage.Infrastructure.DependencyInjection.MissingDatabase(app.Configuration) is { } missing)
{
    await Console.Error.WriteLineAsync(missing);
    return 1;
}

app.UseDashboard();

await app.RunAsync();
return Environment.ExitCode;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

using Coverage.Dashboard.Hosting;

if (args is [ImportCommand.Verb, .. var rest])
    return await ImportCommand.RunAsync(rest, Console.Out);

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

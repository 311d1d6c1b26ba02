using Coverage.Dashboard.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddDashboard();

var app = builder.Build();

app.UseDashboard();

app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

using Coverage.Dashboard.Security;
using Coverage.Infrastructure.Telemetry;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Coverage.Dashboard.Hosting;

/// <summary>
/// OpenTelemetry metrics with a Prometheus scrape endpoint at <see cref="MetricsPath"/> (province admins only: the bearer token
/// of an admin's personal access token, or a signed-in admin). What is measured: the live path (<see cref="FeedMetrics"/>,
/// <see cref="Services.LiveMetrics"/>), ASP.NET Core hosting, Kestrel, SignalR connections and Blazor circuits, Npgsql and the
/// .NET runtime. <c>ops/grafana/coverage-dashboard.json</c> is a Grafana dashboard of them.
/// </summary>
public static class DashboardTelemetry
{
    public const string MetricsPath = "/metrics";

    /// <summary>The instruments of Blazor's <c>Microsoft.AspNetCore.Components</c> meters recorded at every render of every component.</summary>
    public static readonly IReadOnlyList<string> BlazorPerRenderInstruments =
    [
        "aspnetcore.components.update_parameters.duration",
        "aspnetcore.components.render_diff.duration",
        "aspnetcore.components.render_diff.size",
    ];

    public static WebApplicationBuilder AddDashboardTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("coverage-dashboard"))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(FeedMetrics.MeterName, "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits")
                    .AddPrometheusExporter();
                // Blazor's per-render instruments time every parameter update and render diff of every component of every open page:
                // with a hundred open overviews, recording the parameter updates alone was ~8 % of the live lane's CPU (issue 14),
                // for figures nothing here reads. An instrument whose every stream is dropped is not listened to, so Blazor does not
                // measure it at all.
                foreach (var perRender in BlazorPerRenderInstruments) m.AddView(perRender, MetricStreamConfiguration.Drop);
                // This node's instruments only: a meter made by another host's IMeterFactory in the same process (several
                // hosts run side by side in the tests) shares its name with ours, and OpenTelemetry would merge its instruments
                // into our streams and drop those streams when that host stops. Meters made without a factory (Npgsql, the
                // runtime) are the process's own and stay.
                ((IDeferredMeterProviderBuilder)m).Configure((services, metrics) =>
                {
                    var own = services.GetRequiredService<IMeterFactory>();
                    metrics.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own)
                        ? null
                        : MetricStreamConfiguration.Drop);
                });
            });
        return builder;
    }

    public static WebApplication MapDashboardTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.Admin);
        return app;
    }
}

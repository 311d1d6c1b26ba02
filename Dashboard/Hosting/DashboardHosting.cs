using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coverage.Dashboard.Components;
using Coverage.Dashboard.Endpoints;
using Coverage.Dashboard.Hubs;
using Coverage.Dashboard.Security;
using Coverage.Dashboard.Services;
using Coverage.Infrastructure;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.SignalR;
using MudBlazor.Services;

namespace Coverage.Dashboard.Hosting;

/// <summary>All of the Dashboard's registrations and pipeline, so Program.cs stays a list of calls.</summary>
public static class DashboardHosting
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        // Serve static web assets (MudBlazor, scoped CSS, Leaflet) from the build output in every environment, so
        // 'dotnet run' in Production works too; a published folder has no such manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.ServeStaticAssetsAsBuilt();
        builder.Services.AddInfrastructure(builder.Configuration);
        builder.Services.AddDashboardServices();
        builder.AddDashboardSecurity();
        builder.AddDashboardHardening();
        builder.Services.AddLocalization();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddOpenApi(o => o.AddSecuritySchemes());
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options); // the same messages in binary: see HubMessagePack
        // Hub clients each get a bounded outbox (see HubOutboxes): the lifetime manager registers every connection.
        builder.Services.Configure<HubOutboxOptions>(builder.Configuration.GetSection("Hub"));
        builder.Services.AddSingleton<HubOutboxes>();
        builder.Services.AddSingleton<HubLifetimeManager<CoverageHub>, CoverageHubLifetimeManager>();
        builder.Services.AddHostedService<HubBroadcaster>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            StationJson.AddConverters(o.SerializerOptions.Converters);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/geo+json", "application/problem+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.LoadKeyRingOnFirstUse();
        builder.AddDashboardTelemetry();
        builder.AddNodeDrain();
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDashboardFrontDoor();
        app.UseNodeDrain();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            // After the exception handler, so an error page re-executed through it gets the header again. HTTPS only.
            app.UseHsts();
        }
        app.UseResponseCompression();
        app.UseStatusCodePages();
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        // ?culture=en must also reach the interactive circuit, whose requests carry no query string: keep it in the cookie.
        // (The language switch's endpoint sets the cookie itself.)
        app.Use((context, next) =>
        {
            if (context.Request.Query.ContainsKey("culture") && context.Features.Get<IRequestCultureFeature>() is { } feature
                && feature.Provider is QueryStringRequestCultureProvider && !context.Request.Path.StartsWithSegments(CultureEndpoints.Path))
            {
                CultureEndpoints.AppendCultureCookie(context.Response, feature.RequestCulture);
            }
            return next(context);
        });
        app.UseDashboardSecurity();
        app.UseAccountFormLimits();
        app.UseAntiforgery();
        // Scripts, styles and images carry no data, and the sign-in page needs them before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous().WithPublicImmutableCaching();
        app.MapThemeEndpoints();
        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapDashboardTelemetry();
        app.MapCultureEndpoints();
        app.MapTextSizeEndpoints();
        app.MapAccountEndpoints();
        app.MapAuditEndpoints();
        app.MapHub<CoverageHub>(CoverageHub.Path);
        app.MapCoverageEndpoints();
        app.MapMapEndpoints();
        app.MapStationEndpoints();
        app.MapGapEndpoints();
        app.MapLeagueEndpoints();
        app.MapStationChangeEndpoints();
        app.MapReportEndpoints();
        app.MapIndicatorEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

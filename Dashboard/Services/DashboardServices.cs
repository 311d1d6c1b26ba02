using Coverage.Dashboard.Components.Shared.Map;
using Coverage.Dashboard.Resources;
using Coverage.Domain.Coverage;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Services;

public static class DashboardServices
{
    public static IServiceCollection AddDashboardServices(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<IStringLocalizer<Strings>, CachedStrings>(); // one localizer for the app, strings kept per culture
        services.AddSingleton<DomainText>();
        services.AddSingleton<BriefText>();
        services.AddSingleton<CoverageFigures>();
        services.AddSingleton<IndicatorStrips>();
        services.AddMetrics();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<BackgroundLiveLane>();
        services.AddMapLayers();
        services.AddSingleton<MapPopup>();
        services.AddSingleton<AccountCommands>();
        services.AddSingleton<TableExport>();
        services.AddSingleton<ExportColumns>();
        services.AddSingleton<ThemeStyleSheets>();
        services.AddScoped<Components.Shared.DocumentTitle.Shown>(); // what the circuit's document title is
        return services;
    }
}

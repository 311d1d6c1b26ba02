using Coverage.Dashboard.Components.Shared.Map;
using Coverage.Domain.Coverage;

namespace Coverage.Dashboard.Services;

public static class DashboardServices
{
    public static IServiceCollection AddDashboardServices(this IServiceCollection services)
    {
        services.AddSingleton<DomainText>();
        services.AddSingleton<BriefText>();
        services.AddSingleton<CoverageFigures>();
        services.AddMetrics();
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<BackgroundLiveLane>();
        services.AddMapLayers();
        services.AddSingleton<MapPopup>();
        services.AddSingleton<AccountCommands>();
        services.AddSingleton<TableExport>();
        services.AddSingleton<ExportColumns>();
        services.AddSingleton<ThemeStyleSheets>();
        return services;
    }
}

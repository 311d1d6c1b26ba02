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
        services.AddSingleton<MapLayers>();
        services.AddSingleton<MapPopup>();
        services.AddSingleton<AccountCommands>();
        return services;
    }
}

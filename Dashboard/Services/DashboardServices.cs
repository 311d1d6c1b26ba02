namespace Coverage.Dashboard.Services;

public static class DashboardServices
{
    public static IServiceCollection AddDashboardServices(this IServiceCollection services)
    {
        services.AddSingleton<DomainText>();
        services.AddSingleton<CoverageFigures>();
        services.AddSingleton<MapLayers>();
        return services;
    }
}

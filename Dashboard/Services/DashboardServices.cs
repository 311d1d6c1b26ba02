namespace Coverage.Dashboard.Services;

public static class DashboardServices
{
    public static IServiceCollection AddDashboardServices(this IServiceCollection services)
    {
        services.AddSingleton<DomainText>();
        return services;
    }
}

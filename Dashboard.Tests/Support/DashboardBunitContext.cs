using System.Globalization;
using Bunit;
using Coverage.Dashboard.Services;
using MudBlazor.Services;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>A bUnit context with MudBlazor (transitions off, loose JS interop), localization and the Dashboard's text services.</summary>
public abstract class DashboardBunitContext : BunitContext
{
    /// <summary>The indicator value workflow the board's entry form and submissions list talk to (in memory).</summary>
    protected FakeIndicatorSubmissions IndicatorSubmissions { get; } = new();

    protected DashboardBunitContext(string culture = "zh-CN")
    {
        // The constructor and the test body may run on different threads: set the process default as well.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture =
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        // Components here read a real PostGIS; the first query of a process builds the EF model (about a second).
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddLocalization();
        Services.AddDashboardServices();
        // Pages that carry the 规划指标 strip read the indicators; tests that are about them register their own book.
        Services.AddSingleton<Coverage.Domain.Indicators.IIndicators>(new FakeIndicators(Coverage.Domain.Indicators.IndicatorBook.Empty));
        // The board's entry form and submissions list; tests that are about them use the instance to see what was sent.
        Services.AddSingleton<Coverage.Domain.Indicators.IIndicatorSubmissions>(IndicatorSubmissions);
        Services.AddSingleton<Coverage.Domain.Indicators.IIndicatorNotices>(IndicatorSubmissions);
    }
}

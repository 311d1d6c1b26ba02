using MudBlazor;

namespace Coverage.Dashboard.Components.Layout;

public static class DashboardTheme
{
    private static readonly string[] CjkFonts = ["Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", "sans-serif"];

    public static readonly MudTheme Light = new()
    {
        // Status colours darkened from MudBlazor's defaults so text in them meets WCAG AA (4.5:1) on white and light grey.
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8", AppbarBackground = "#17406e",
            Error = "#c62828", Warning = "#a14f00", Success = "#2e7d32", Info = "#1565c0",
        },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = CjkFonts } },
    };
}

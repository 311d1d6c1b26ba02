using MudBlazor;

namespace Coverage.Dashboard.Components.Layout;

public static class DashboardTheme
{
    private static readonly string[] CjkFonts = ["Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", "sans-serif"];

    public static readonly MudTheme Light = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1f5fa8", AppbarBackground = "#17406e" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = CjkFonts } },
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coverage.Dashboard.Components.Shared.Charts;

/// <summary>
/// The part of ECharts' option object the dashboard's charts use, typed so that no chart builds JavaScript or JSON by
/// hand: <see cref="ToJson"/> writes it with ECharts' own (camelCase) names, leaving out what is not set. Formatters are
/// ECharts string templates (<c>{b}</c>, <c>{c0}</c>, <c>{value}</c>), never functions.
/// </summary>
public sealed record EChartOptions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public bool Animation { get; init; }
    public IReadOnlyList<string>? Color { get; init; }
    public EChartTooltip? Tooltip { get; init; }
    public EChartLegend? Legend { get; init; }
    public EChartGrid? Grid { get; init; }
    public IReadOnlyList<EChartAxis>? XAxis { get; init; }
    public IReadOnlyList<EChartAxis>? YAxis { get; init; }
    public IReadOnlyList<EChartSeries> Series { get; init; } = [];
    public EChartAria? Aria { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// ECharts' accessibility options: a decal pattern on each series' fills, so colour is not the only difference between them,
/// and the chart's label (ECharts sets it as the element's aria-label; the component passes its own summary).
/// </summary>
public sealed record EChartAria(EChartAriaLabel Label)
{
    public bool Enabled { get; init; } = true;
    public EChartDecal Decal { get; init; } = new();
}

public sealed record EChartAriaLabel(string Description)
{
    public bool Enabled { get; init; } = true;
}

public sealed record EChartDecal(bool Show = true);

public sealed record EChartTooltip(string Trigger = "axis", string? Formatter = null)
{
    /// <summary>Keeps the tooltip inside the chart's box (it would otherwise be clipped by the panel on a phone).</summary>
    public bool Confine { get; init; } = true;

    /// <summary>The tooltip element's class, for the stylesheet and the browser tests.</summary>
    public string ClassName { get; init; } = "echart-tooltip";
}

public sealed record EChartLegend(string? Bottom = "0", string? Top = null);

public sealed record EChartGrid(int Left, int Right, int Top, int Bottom)
{
    public bool ContainLabel { get; init; } = true;
}

public sealed record EChartAxis(string Type)
{
    public IReadOnlyList<string>? Data { get; init; }
    public string? Name { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public bool? BoundaryGap { get; init; }
    public EChartAxisLabel? AxisLabel { get; init; }
}

public sealed record EChartAxisLabel(string? Formatter = null, int? Interval = null);

public sealed record EChartSeries(string Type, string Name, IReadOnlyList<double?> Data)
{
    public string? Stack { get; init; }
    public string? Symbol { get; init; }
    public bool? ShowSymbol { get; init; }
    public bool? ConnectNulls { get; init; }
    public int? BarMaxWidth { get; init; }
    public EChartItemStyle? ItemStyle { get; init; }
    public EChartLineStyle? LineStyle { get; init; }
    public EChartMarkLine? MarkLine { get; init; }
    public EChartMarkArea? MarkArea { get; init; }
}

public sealed record EChartItemStyle(string? Color = null, double? Opacity = null, string? BorderColor = null, int? BorderWidth = null);

/// <param name="Type">solid, dashed or dotted.</param>
public sealed record EChartLineStyle(string? Color = null, double? Width = null, string? Type = null);

public sealed record EChartLabel(string? Formatter = null, string? Position = null, string? Color = null);

/// <summary>Reference lines: each item is a vertical line (<see cref="EChartMarkLineItem.XAxis"/>) or a horizontal one (<see cref="EChartMarkLineItem.YAxis"/>).</summary>
public sealed record EChartMarkLine(IReadOnlyList<EChartMarkLineItem> Data)
{
    public IReadOnlyList<string> Symbol { get; init; } = ["none", "none"];
    public bool Silent { get; init; } = true;
    public bool Animation { get; init; }
}

public sealed record EChartMarkLineItem(string? Name = null, string? XAxis = null, double? YAxis = null)
{
    public EChartLabel? Label { get; init; }
    public EChartLineStyle? LineStyle { get; init; }
}

/// <summary>Shaded spans of the x axis, each from one category to another.</summary>
public sealed record EChartMarkArea(IReadOnlyList<IReadOnlyList<EChartMarkAreaPoint>> Data)
{
    public bool Silent { get; init; } = true;
    public EChartItemStyle? ItemStyle { get; init; }
    public EChartLabel? Label { get; init; }
}

public sealed record EChartMarkAreaPoint(string? XAxis = null, string? Name = null);

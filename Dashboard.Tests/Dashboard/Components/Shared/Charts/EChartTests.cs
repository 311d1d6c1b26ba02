using System.Text.Json.Nodes;
using Bunit;
using Coverage.Dashboard.Components.Pages.Overview;
using Coverage.Dashboard.Components.Shared.Charts;
using Coverage.Domain.Planning;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared.Charts;

/// <summary>The charts hand ECharts a JSON option built from the typed model; what they send is read back here.</summary>
public sealed class EChartTests : DashboardBunitContext
{
    private const string Module = "./Components/Shared/Charts/EChart.razor.js";

    private readonly BunitJSModuleInterop _module;

    public EChartTests()
    {
        _module = JSInterop.SetupModule(Module);
        _module.SetupVoid("create", _ => true);
        _module.SetupVoid("update", _ => true);
        _module.SetupVoid("dispose", _ => true);
    }

    private JsonNode Sent(string function = "create") => JsonNode.Parse(_module.Invocations[function].Last().Arguments[1]!.ToString()!)!;

    [Fact]
    public void The_plan_by_mode_chart_stacks_planned_and_operating_by_mode_and_marks_the_two_phases()
    {
        IReadOnlyList<PlanByModeYear> years =
        [
            .. Enumerable.Range(2021, 5).Select(y => new PlanByModeYear(y, PlanPhases.Of(y),
                [.. DomainIds.Modes.Select(m => new ModePlanActual(m, 10 * (y - 2020), 8 * (y - 2020)))])),
        ];

        var cut = Render<PlanByModeChart>(p => p.Add(c => c.Years, years));

        var option = Sent();
        var series = option["series"]!.AsArray();
        Assert.Equal(10, series.Count);
        Assert.Equal(5, series.Count(s => (string?)s!["stack"] == "planned"));
        Assert.Equal(5, series.Count(s => (string?)s!["stack"] == "operating"));
        Assert.Equal(["2021", "2022", "2023", "2024", "2025"], option["xAxis"]![0]!["data"]!.AsArray().Select(d => (string)d!));
        var phases = series[0]!["markArea"]!["data"]!.AsArray();
        Assert.StartsWith("三年试点", (string?)phases[0]![0]!["name"], StringComparison.Ordinal);
        Assert.Equal(["2021", "2023"], phases[0]!.AsArray().Select(p => (string)p!["xAxis"]!));
        Assert.StartsWith("两年扩面", (string?)phases[1]![0]!["name"], StringComparison.Ordinal);
        Assert.Equal(["2024", "2025"], phases[1]!.AsArray().Select(p => (string)p!["xAxis"]!));
        Assert.Contains("{a0}：计划 {c0}，运营 {c5}", (string)option["tooltip"]!["formatter"]!, StringComparison.Ordinal);
        // Not set is left out, not sent as null (ECharts reads null as "no value").
        Assert.DoesNotContain("null", option.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(25, cut.FindAll("[data-testid=plan-by-mode-row]").Count);
    }

    [Fact]
    public void The_trend_marks_the_years_target_and_puts_its_cursor_at_the_as_of_date()
    {
        var trend = new CoverageTrend(
            [new(new DateOnly(2021, 1, 31), 0), new(new DateOnly(2021, 2, 28), 10), new(new DateOnly(2021, 3, 31), 20)],
            [new(new DateOnly(2021, 1, 1), 0), new(new DateOnly(2021, 12, 31), 60)]);

        var cut = Render<CoverageTrendChart>(p => p.Add(c => c.Trend, trend).Add(c => c.Today, new DateOnly(2021, 3, 31))
            .Add(c => c.AsOf, new DateOnly(2021, 2, 28)).Add(c => c.TargetYear, 2021).Add(c => c.Target, 60.0));

        var option = Sent();
        var marks = option["series"]![0]!["markLine"]!["data"]!.AsArray();
        Assert.Equal("2021-02", (string?)marks[0]!["xAxis"]);
        Assert.Equal("2021-02-28", (string?)marks[0]!["label"]!["formatter"]);
        Assert.Equal(60, (double)marks[1]!["yAxis"]!);
        Assert.Equal("2021年目标 60%", (string?)marks[1]!["label"]!["formatter"]);
        // The plan line between year ends is straight: 2021-02-28 is 58 of 364 days along.
        Assert.Equal(9.6, (double)option["series"]![1]!["data"]![1]!);
        Assert.Equal("当前覆盖率 10.0%，今年目标 60.0%", cut.Find("[data-echart]").GetAttribute("aria-label"));

        // A playback step sends the new cursor as an update, not a new chart.
        cut.Render(p => p.Add(c => c.AsOf, new DateOnly(2021, 3, 31)));
        Assert.Equal("2021-03", (string?)Sent("update")["series"]![0]!["markLine"]!["data"]![0]!["xAxis"]);
        _module.VerifyInvoke("create", calledTimes: 1);
    }

    [Fact]
    public async Task A_chart_is_disposed_with_its_component()
    {
        var cut = Render<EChart>(p => p.Add(c => c.Options, new EChartOptions()).Add(c => c.AriaLabel, "图表"));
        _module.VerifyInvoke("create");
        await DisposeComponentsAsync();
        _module.VerifyInvoke("dispose");
        Assert.NotNull(cut);
    }
}

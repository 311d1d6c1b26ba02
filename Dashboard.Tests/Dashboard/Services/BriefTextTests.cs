using Coverage.Dashboard.Services;
using Coverage.Domain.Divisions;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>The brief's generated paragraph (简报) on fixed data: as an official report words it, and in English.</summary>
public sealed class BriefTextTests : DashboardBunitContext
{
    private static readonly DateOnly AsOf = new(2026, 10, 31);
    private static readonly CoverageFigures Figures = new(SichuanClock.At(2026, 11, 30, 9, 0));

    /// <summary>A township whose station went live on <paramref name="operating"/> (and was suspended on <paramref name="suspended"/>).</summary>
    private static TownshipState Live(string code, DateOnly operating, DateOnly? suspended = null)
    {
        var township = Snapshots.Township(code, code, suspended is null ? StationStatus.Operating : StationStatus.Suspended, operatingSince: operating);
        return township with { Station = township.Station! with { SuspendedOn = suspended } };
    }

    private static TownshipState Planned(string code) => Snapshots.Township(code, code, StationStatus.Planned);

    private static TownshipState Building(string code) => Snapshots.Township(code, code, StationStatus.UnderConstruction);

    private string Compose(CoverageSnapshot snapshot, string? prefecture = null) =>
        Services.GetRequiredService<BriefText>().Compose(BriefFigures.From(Figures, snapshot, prefecture, AsOf));

    [Fact]
    public void A_rise_since_last_month_is_worded_as_an_official_report()
    {
        var snapshot = Snapshots.Create(
            Live("510104001000", new(2022, 1, 1)),
            Live("510104002000", new(2026, 10, 10)),
            Planned("510105001000"),
            Live("513401001000", new(2023, 5, 1)),
            Snapshots.Township("513401002000", "大兴乡", null));

        Assert.Equal(
            "截至2026年10月31日，全省已建成运营乡镇（街道）社工站3个，覆盖率60.0%，较上月提高20.0个百分点；另有规划待建1个。" +
            "距2026年度计划目标（100.0%）尚差40.0个百分点，2个县（市、区）低于年度计划，" +
            "差距较大的市（州）是凉山彝族自治州（差50.0个百分点）、成都市（差33.3个百分点）。",
            Compose(snapshot));
    }

    [Fact]
    public void A_fall_since_last_month_says_down_and_counts_the_suspended_stations()
    {
        var snapshot = Snapshots.Create(
            Live("510104001000", new(2022, 1, 1)),
            Live("510104002000", new(2022, 1, 1), suspended: new(2026, 10, 20)),
            Building("510105001000"),
            Live("510105002000", new(2022, 1, 1)));

        Assert.Equal(
            "截至2026年10月31日，全市已建成运营乡镇（街道）社工站2个，覆盖率50.0%，较上月下降25.0个百分点；另有在建1个、暂停运营1个。" +
            "距2026年度计划目标（100.0%）尚差50.0个百分点，2个县（市、区）低于年度计划，" +
            "差距较大的县（市、区）是锦江区（差50.0个百分点）、青羊区（差50.0个百分点）。",
            Compose(snapshot, "5101"));
    }

    [Fact]
    public void No_change_since_last_month_reads_unchanged_and_an_autonomous_prefecture_is_the_whole_zhou()
    {
        var snapshot = Snapshots.Create(
            Live("510104001000", new(2022, 1, 1)),
            Live("513401001000", new(2022, 1, 1)),
            Planned("513401002000"));

        Assert.Equal(
            "截至2026年10月31日，全州已建成运营乡镇（街道）社工站1个，覆盖率50.0%，与上月持平；另有规划待建1个。" +
            "距2026年度计划目标（100.0%）尚差50.0个百分点，1个县（市、区）低于年度计划，差距较大的县（市、区）是西昌市（差50.0个百分点）。",
            Compose(snapshot, "5134"));
    }

    [Fact]
    public void When_every_plan_is_met_the_paragraph_says_so_and_names_no_laggard()
    {
        var snapshot = Snapshots.Create(
            Live("510104001000", new(2022, 1, 1)),
            Live("510105001000", new(2023, 1, 1)),
            Live("513401001000", new(2024, 1, 1)),
            Snapshots.Township("513401400000", "农场", null, kind: TownshipKind.Special));

        Assert.Equal(
            "截至2026年10月31日，全省已建成运营乡镇（街道）社工站3个，覆盖率100.0%，与上月持平。" +
            "已达到2026年度计划目标（100.0%），各县（市、区）均达到年度计划。",
            Compose(snapshot));
    }

    [Fact]
    public void With_no_operating_station_the_paragraph_says_none_yet()
    {
        var snapshot = Snapshots.Create(Planned("510104001000"), Snapshots.Township("513401001000", "大兴乡", null));

        Assert.Equal(
            "截至2026年10月31日，全省尚无建成运营的乡镇（街道）社工站；另有规划待建1个。" +
            "距2026年度计划目标（100.0%）尚差100.0个百分点，2个县（市、区）低于年度计划，" +
            "差距较大的市（州）是成都市（差100.0个百分点）、凉山彝族自治州（差100.0个百分点）。",
            Compose(snapshot));
    }

    [Fact]
    public void Counts_carry_thousands_separators_and_the_date_is_written_in_full()
    {
        var townships = Enumerable.Range(1, 600)
            .SelectMany(i => new[] { Live($"510104{i:000}000", new(2022, 1, 1)), Live($"510105{i:000}000", new(2022, 1, 1)) })
            .ToArray();

        var text = Compose(Snapshots.Create(townships), "5101");

        Assert.StartsWith("截至2026年10月31日，全市已建成运营乡镇（街道）社工站1,200个，覆盖率100.0%，与上月持平。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_as_of_a_day_read_the_station_dates_and_compare_with_the_end_of_the_previous_month()
    {
        var snapshot = Snapshots.Create(Live("510104001000", new(2026, 10, 10)), Planned("510105001000"));

        var brief = BriefFigures.From(Figures, snapshot, "5101", AsOf);

        Assert.Equal(new DateOnly(2026, 9, 30), brief.PreviousMonthEnd);
        Assert.Equal(0, brief.PreviousPercent);
        Assert.Equal(50, brief.Summary.Percent);
        Assert.Equal(2026, brief.Summary.PlanYear);
        Assert.Equal("成都市", brief.PrefectureName);
    }

    [Fact]
    public void In_English_the_paragraph_is_plain_English()
    {
        using var english = new EnglishContext();
        var snapshot = Snapshots.Create(
            Live("510104001000", new(2022, 1, 1)),
            Live("510104002000", new(2026, 10, 10)),
            Planned("510105001000"),
            Live("513401001000", new(2023, 5, 1)),
            Snapshots.Township("513401002000", "大兴乡", null));

        var text = english.Services.GetRequiredService<BriefText>().Compose(BriefFigures.From(Figures, snapshot, null, AsOf));

        Assert.Equal(
            "As of 31 October 2026, 3 township (street) social-work stations were operating across the province, a coverage of 60.0%, " +
            "up 20.0 percentage points on the end of the previous month; a further 1 planned. " +
            "Coverage is 40.0 percentage points short of the 2026 plan target of 100.0%; 2 counties are below the annual plan, " +
            "the prefectures furthest behind being 凉山彝族自治州 (50.0 points), 成都市 (33.3 points).",
            text);
    }

    private sealed class EnglishContext() : DashboardBunitContext("en");
}

using Bunit;
using Coverage.Dashboard.Components.Pages.Indicators;
using Coverage.Domain.Indicators;
using MudBlazor;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Indicators;

/// <summary>
/// The 规划指标 board on an in-memory snapshot and book: grouping by field, each indicator's status in words, the station-derived
/// figures equal to the read model's and moving with it, the empty and error states.
/// </summary>
public sealed class IndicatorsPageTests : DashboardBunitContext, IAsyncLifetime
{
    private static readonly DateOnly Start = new(2021, 1, 1), Deadline = new(2025, 12, 31);

    private static Indicator Define(string id, IndicatorField field, string unit, IndicatorComparison comparison, decimal? target,
        DerivedIndicator derived = DerivedIndicator.None) =>
        new(id, field, id + "名", id + " name", unit, comparison, target, 0, Start, Deadline, IndicatorLevel.Province, derived, "test plan");

    private static readonly Indicator[] Definitions =
    [
        Define("minors-team", IndicatorField.MinorsProtection, IndicatorRules.Units.Persons, IndicatorComparison.AtLeast, 10_000),
        Define("community-training", IndicatorField.CommunityGovernance, IndicatorRules.Units.Persons, IndicatorComparison.AtLeast, 10_000),
        Define("station-certified-share", IndicatorField.TownshipStations, IndicatorRules.Units.Percent, IndicatorComparison.Tracked, null, DerivedIndicator.CertifiedShare),
        Define("station-social-workers", IndicatorField.TownshipStations, IndicatorRules.Units.Persons, IndicatorComparison.Tracked, null, DerivedIndicator.StationedSocialWorkers),
    ];

    private static readonly IndicatorValue[] Values =
    [
        new("minors-team", "51", 2025, 9_400, new DateOnly(2026, 3, 31), "synthetic: test", true),
        new("minors-team", "5134", 2025, 811, new DateOnly(2026, 3, 31), "synthetic: test", true),
        new("community-training", "51", 2024, 10_350, new DateOnly(2025, 3, 31), "省民政厅", false),
    ];

    // Operating stations: 3 staff with 1 certified each (Snapshots.Township's default), so the certified share is 33.3 %.
    private static readonly TownshipState[] Townships =
    [
        Snapshots.Township("510104001000", "锦官驿街道", StationStatus.Operating),
        Snapshots.Township("510105001000", "草市街道", StationStatus.Operating, mode: BuildMode.CountySelfBuilt),
        Snapshots.Township("513401100000", "安宁镇", StationStatus.Planned),
    ];

    private readonly FakeCoverageFeed _feed = new(Snapshots.Create(Townships));
    private readonly FakeIndicators _indicators = new(new IndicatorBook(Definitions, Values));

    public IndicatorsPageTests()
    {
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 30, 9, 0));
        Services.AddSingleton<ICoverageFeed>(_feed);
        Services.AddSingleton<IIndicators>(_indicators);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<IndicatorsPage> Open(Role role = Role.Viewer)
    {
        this.SignIn(role);
        Render<MudPopoverProvider>();
        return Render<IndicatorsPage>();
    }

    private static string Text(IRenderedComponent<IndicatorsPage> cut, string testId) => cut.Find($"[data-testid='{testId}']").TextContent;

    [Fact]
    public void Indicators_are_grouped_by_field_with_target_latest_value_and_status_in_words()
    {
        var cut = Open();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("section.indicators-page__field").Count));
        Assert.Equal(["未成年人关爱保护", "社区治理", "乡镇（街道）社工站"], cut.FindAll("section.indicators-page__field h2").Select(h => h.TextContent.Trim()));
        // 9,400 of 10,000 after the 2025 deadline: behind, with its mark and word, the synthetic label and the prefecture breakdown.
        Assert.Equal("behind", cut.Find("[data-testid='indicator-minors-team']").GetAttribute("data-status"));
        Assert.Contains("▼ 滞后", Text(cut, "indicator-minors-team-status"), StringComparison.Ordinal);
        Assert.Contains("9,400 人", Text(cut, "indicator-minors-team-value"), StringComparison.Ordinal);
        Assert.Contains("示例数据", Text(cut, "indicator-minors-team-value"), StringComparison.Ordinal);
        Assert.Contains("≥ 10,000 人", Text(cut, "indicator-minors-team"), StringComparison.Ordinal);
        Assert.Contains("凉山彝族自治州", Text(cut, "indicator-minors-team-prefectures"), StringComparison.Ordinal);
        Assert.Contains("✔ 已达标", Text(cut, "indicator-community-training-status"), StringComparison.Ordinal);
        Assert.DoesNotContain("示例数据", Text(cut, "indicator-community-training-value"), StringComparison.Ordinal);
        Assert.Contains("已达标 1 项 · 进度正常 0 项 · 滞后 1 项 · 跟踪指标 2 项", Text(cut, "indicators-summary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_station_figures_equal_the_read_models_and_move_with_it()
    {
        var cut = Open();

        var carry = StationIndicators.Carry(_feed.Current, CoverageFilter.All);
        cut.WaitForAssertion(() => Assert.Contains($"{carry.SocialWorkers:N0} 人", Text(cut, "indicator-station-social-workers-value"), StringComparison.Ordinal));
        Assert.Contains("33.3%", Text(cut, "indicator-station-certified-share-value"), StringComparison.Ordinal);
        Assert.Contains("实时", Text(cut, "indicator-station-certified-share-value"), StringComparison.Ordinal);

        // A confirmed report certifies one more social worker at 锦官驿街道: the share follows the read model (3 of 6 = 50.0 %).
        var live = Townships.Select(t => t.Code == "510104001000" ? t with { Station = t.Station! with { CertifiedSocialWorkers = 2 } } : t).ToArray();
        await _feed.PublishAsync(new CoverageUpdate(Snapshots.Create(live), [], Rebuilt: true));

        cut.WaitForAssertion(() => Assert.Contains("50.0%", Text(cut, "indicator-station-certified-share-value"), StringComparison.Ordinal));
        Assert.Equal(50.0m, StationIndicators.Carry(_feed.Current, CoverageFilter.All).Value(DerivedIndicator.CertifiedShare));
    }

    [Fact]
    public void Without_indicators_the_page_says_how_to_load_them()
    {
        _indicators.Book = IndicatorBook.Empty;
        var cut = Open();

        cut.WaitForAssertion(() => Assert.Contains("indicators.csv", Text(cut, "indicators-empty"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_database_failure_is_said_in_words()
    {
        _indicators.Failure = new TimeoutException("test");
        var cut = Open();

        cut.WaitForAssertion(() => Assert.Contains("无法从数据库读取规划指标", Text(cut, "indicators-error"), StringComparison.Ordinal));
    }


    [Fact]
    public void A_viewer_is_offered_no_entry_and_sees_no_submissions()
    {
        var cut = Open();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("section.indicators-page__field")));
        Assert.Empty(cut.FindAll("[data-testid=indicator-entry-panel]"));
        Assert.Empty(cut.FindAll("[data-testid=indicator-submissions]"));
    }

    [Fact]
    public void A_pending_value_is_shown_as_pending_on_its_card_and_a_province_admin_confirms_it_in_place()
    {
        IndicatorSubmissions.Items.Add(new IndicatorSubmissionView(7, "minors-team", "5134", 2025, 900, new DateOnly(2026, 6, 30), "凉山州年报", false, null,
            Coverage.Domain.Reports.ReportState.Pending, false, TestUsers.Email(Role.PrefectureStaff), DateTimeOffset.UnixEpoch, null, null, null));
        var cut = Open(Role.ProvinceAdmin);

        cut.WaitForAssertion(() => Assert.Contains("待审核（1）", Text(cut, "indicator-minors-team-pending"), StringComparison.Ordinal));
        Assert.Contains("凉山彝族自治州", Text(cut, "indicator-minors-team-pending"), StringComparison.Ordinal);
        // Only confirmed values count: the card still shows 811 for 凉山.
        Assert.Contains("811", Text(cut, "indicator-minors-team-prefectures"), StringComparison.Ordinal);

        cut.Find("[data-submission-id='7'] [data-testid=report-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal("confirmed", cut.Find("[data-submission-id='7']").GetAttribute("data-state")));
        Assert.Equal((7L, true, (string?)null), Assert.Single(IndicatorSubmissions.Decisions));
        Assert.Empty(cut.FindAll("[data-testid=indicator-minors-team-pending]"));
    }

    [Fact]
    public async Task A_value_written_elsewhere_reaches_the_open_board()
    {
        var cut = Open();
        cut.WaitForAssertion(() => Assert.Contains("9,400 人", Text(cut, "indicator-minors-team-value"), StringComparison.Ordinal));

        _indicators.Book = new IndicatorBook(Definitions, [.. Values, new("minors-team", "51", 2025, 10_200, new DateOnly(2026, 9, 30), "省民政厅", false)]);
        await IndicatorSubmissions.AnnounceAsync();

        cut.WaitForAssertion(() => Assert.Contains("10,200 人", Text(cut, "indicator-minors-team-value"), StringComparison.Ordinal));
        Assert.Contains("✔ 已达标", Text(cut, "indicator-minors-team-status"), StringComparison.Ordinal);
    }
}

using Bunit;
using Coverage.Dashboard.Components.Pages.Indicators;
using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Pages.Indicators;

/// <summary>The indicator entry form: what each role is offered, the rules shown beside their field as the user types, and what the service answered.</summary>
public sealed class IndicatorEntryFormTests : DashboardBunitContext, IAsyncLifetime
{
    private static readonly Indicator Posts = new("elderly-institution-posts", IndicatorField.ElderlyCare, "百人以上养老机构设置社会工作岗位比例", "Posts",
        IndicatorRules.Units.Percent, IndicatorComparison.ShareAtLeast, 100, 0, new(2021, 1, 1), new(2025, 12, 31), IndicatorLevel.Prefecture, DerivedIndicator.None, "plan");

    private static readonly Indicator Coverage = Posts with { Id = "station-coverage", Name = "乡镇（街道）社会工作服务站覆盖率", Derived = DerivedIndicator.StationCoverage };


    public IndicatorEntryFormTests()
    {
        // 2026-11-30 09:00 in Sichuan (UTC+8).
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 30, 9, 0));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<IndicatorEntryForm> RenderForm(Role role) => Render<IndicatorEntryForm>(p => p
        .Add(c => c.Indicators, [Posts, Coverage])
        .Add(c => c.Prefectures, [("5101", "成都市"), ("5134", "凉山彝族自治州")])
        .Add(c => c.Actor, TestUsers.ActorOf(role)));

    [Fact]
    public void Prefecture_staff_submit_for_their_own_prefecture_only_and_station_derived_indicators_are_not_offered()
    {
        var cut = RenderForm(Role.PrefectureStaff);

        Assert.Equal(["elderly-institution-posts"], cut.FindAll("#indicator-entry-indicator option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["5134"], cut.FindAll("#indicator-entry-scope option").Select(o => o.GetAttribute("value")));
        Assert.True(cut.Find("#indicator-entry-scope").HasAttribute("disabled"));
        Assert.Equal("label", cut.Find("label[for=indicator-entry-scope]").TagName.ToLowerInvariant());
        Assert.Contains("提交报送", cut.Find("[data-testid=indicator-entry-submit]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_over_100_and_a_missing_source_are_named_beside_their_fields_and_nothing_is_sent()
    {
        var cut = RenderForm(Role.PrefectureStaff);

        cut.Find("#indicator-entry-value").Input("140");
        cut.WaitForAssertion(() => Assert.Contains("比例为 0–100", cut.Find("[data-testid=indicator-entry-value]").TextContent, StringComparison.Ordinal));
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("请填写数据来源", cut.Find("[data-testid=indicator-entry-source]").TextContent, StringComparison.Ordinal));
        Assert.Contains("请先修正标出的内容", cut.Find("[data-testid=indicator-entry-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", cut.Find("#indicator-entry-value").GetAttribute("aria-invalid"));
        Assert.Empty(IndicatorSubmissions.Submitted);
    }

    [Fact]
    public void A_prefectures_submission_is_sent_as_typed_and_said_to_wait_for_confirmation()
    {
        var cut = RenderForm(Role.PrefectureStaff);

        cut.Find("#indicator-entry-value").Input("84.5");
        cut.Find("#indicator-entry-as-of").Input("2026-06-30");
        cut.Find("#indicator-entry-source").Input("凉山州民政局年报");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("省级管理员确认后计入看板", cut.Find("[data-testid=indicator-entry-result]").TextContent, StringComparison.Ordinal));
        var (actor, draft, key) = Assert.Single(IndicatorSubmissions.Submitted);
        Assert.False(string.IsNullOrEmpty(key));
        Assert.Equal(TestUsers.Email(Role.PrefectureStaff), actor.Name);
        Assert.Equal(new IndicatorDraft("elderly-institution-posts", "5134", 2026, 84.5m, new DateOnly(2026, 6, 30), "凉山州民政局年报", null), draft);
    }

    [Fact]
    public void A_province_admin_chooses_the_scope_and_records_at_once()
    {
        var cut = RenderForm(Role.ProvinceAdmin);
        Assert.Equal(["51", "5101", "5134"], cut.FindAll("#indicator-entry-scope option").Select(o => o.GetAttribute("value")));

        cut.Find("#indicator-entry-scope").Change("5101");
        cut.Find("#indicator-entry-year").Input("2025");
        cut.Find("#indicator-entry-value").Input("96");
        cut.Find("#indicator-entry-source").Input("synthetic: 演示");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("已录入", cut.Find("[data-testid=indicator-entry-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal(("5101", 2025, 96m), (IndicatorSubmissions.Submitted[0].Draft.Scope, IndicatorSubmissions.Submitted[0].Draft.Year, IndicatorSubmissions.Submitted[0].Draft.Value));
    }

    [Fact]
    public void The_services_refusal_is_said_in_words()
    {
        var cut = RenderForm(Role.PrefectureStaff);
        IndicatorSubmissions.Answer = () => new IndicatorResult(ReportOutcome.Invalid,
            Problems: [new ReportProblem(IndicatorEntryRules.ScopeField, ReportRule.UnknownScope, "no")]);

        cut.Find("#indicator-entry-value").Input("84.5");
        cut.Find("#indicator-entry-source").Input("年报");
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("请选择全省或一个市（州）", cut.Find("[data-testid=indicator-entry-scope]").ParentElement!.TextContent, StringComparison.Ordinal));
        Assert.NotNull(cut.Find("[data-testid=indicator-entry-error]"));
    }
}

using Coverage.Domain.Access;
using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>Entering and submitting indicator values: the entry rules (the import's value rule plus scope, date and source), who may do what, four eyes.</summary>
public sealed class IndicatorSubmissionTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly Indicator Team = new("minors-team", IndicatorField.MinorsProtection, "未成年人保护社会工作服务队伍", "Team",
        IndicatorRules.Units.Persons, IndicatorComparison.AtLeast, 10_000, 0, new(2021, 1, 1), new(2025, 12, 31), IndicatorLevel.Province, DerivedIndicator.None, "plan");

    private static IndicatorDraft Draft(decimal value = 9_800, int year = 2025, DateOnly? asOf = null, string? source = "省民政厅统计年报", string scope = "5134") =>
        new("minors-team", scope, year, value, asOf ?? new DateOnly(2026, 3, 31), source, null);

    private static Actor Actor(Role role, string? scope = null, string name = "someone@test.local") =>
        new(name, role, AccessScope.TryParse(scope, out var s) ? s : throw new ArgumentException(scope));

    [Fact]
    public void A_plausible_value_with_a_source_breaks_no_rule()
    {
        Assert.Empty(IndicatorEntryRules.Check(Team, Draft(), scopeKnown: true, Today));
    }

    [Fact]
    public void Each_broken_rule_names_its_field()
    {
        Assert.Equal([(IndicatorEntryRules.ValueField, ReportRule.ValueRejected)], Rules(Draft(value: 10.5m)));
        Assert.Equal([(IndicatorEntryRules.ValueField, ReportRule.ValueRejected)], Rules(Draft(value: -1)));
        Assert.Equal([(IndicatorEntryRules.YearField, ReportRule.ValueRejected)], Rules(Draft(year: 2040, asOf: new DateOnly(2026, 1, 1))));
        Assert.Equal([(IndicatorEntryRules.AsOfField, ReportRule.ValueRejected)], Rules(Draft(asOf: new DateOnly(2024, 12, 31))));
        Assert.Equal([(IndicatorEntryRules.AsOfField, ReportRule.EffectiveInFuture)], Rules(Draft(asOf: Today.AddDays(1))));
        Assert.Equal([(IndicatorEntryRules.SourceField, ReportRule.SourceRequired)], Rules(Draft(source: "  ")));
        Assert.Equal([(IndicatorEntryRules.SourceField, ReportRule.TextTooLong)], Rules(Draft(source: new string('统', 257))));
        Assert.Equal([(IndicatorEntryRules.ScopeField, ReportRule.UnknownScope)],
            IndicatorEntryRules.Check(Team, Draft(scope: "5199"), scopeKnown: false, Today).Select(p => (p.Field, p.Rule)));
    }

    [Fact]
    public void A_station_derived_indicator_or_an_unknown_one_cannot_be_entered()
    {
        var derived = Team with { Id = "station-coverage", Derived = DerivedIndicator.StationCoverage };
        Assert.Equal(ReportRule.UnknownIndicator, Assert.Single(IndicatorEntryRules.Check(derived, Draft(), true, Today)).Rule);
        Assert.Equal(ReportRule.UnknownIndicator, Assert.Single(IndicatorEntryRules.Check(null, Draft(), true, Today)).Rule);
    }

    [Fact]
    public void A_source_beginning_synthetic_marks_the_value_synthetic()
    {
        Assert.True(IndicatorSubmission.Submit(Draft(source: "synthetic: 演示"), null, "a", DateTimeOffset.UnixEpoch).Synthetic);
        Assert.False(IndicatorSubmission.Submit(Draft(), null, "a", DateTimeOffset.UnixEpoch).Synthetic);
    }

    [Fact]
    public void Province_admins_enter_prefecture_staff_submit_only_their_own_prefecture_and_others_neither()
    {
        Assert.True(Actor(Role.ProvinceAdmin).CanEnterIndicator());
        Assert.True(Actor(Role.PrefectureStaff, "5134").CanSubmitIndicator("5134"));
        Assert.False(Actor(Role.PrefectureStaff, "5134").CanSubmitIndicator("5101"));
        Assert.False(Actor(Role.PrefectureStaff, "5134").CanSubmitIndicator(Indicator.Province));
        Assert.False(Actor(Role.PrefectureStaff, "5134").CanEnterIndicator());
        Assert.False(Actor(Role.CountyStaff, "513401").CanSubmitIndicator("5134"));
        Assert.False(Actor(Role.Viewer).CanSubmitIndicator("5134"));
        Assert.False(Actor(Role.Viewer).CanEnterIndicator());
        Assert.False(Actor(Role.PrefectureStaff, "5134").CanDecideIndicator());
    }

    [Fact]
    public void Nobody_confirms_their_own_submission_and_a_decided_one_is_not_decided_again()
    {
        var submission = IndicatorSubmission.Submit(Draft(), null, "prefecture@test.local", DateTimeOffset.UnixEpoch);

        Assert.Equal(ReportRule.FourEyes, submission.CannotDecide("PREFECTURE@test.local"));
        Assert.Null(submission.CannotDecide("admin@test.local"));
        submission.Confirm("admin@test.local", DateTimeOffset.UnixEpoch, "核实");
        Assert.Equal(ReportState.Confirmed, submission.State);
        Assert.Equal(ReportRule.AlreadyDecided, submission.CannotDecide("other@test.local"));
        Assert.Throws<ReportRuleException>(() => submission.Return("other@test.local", DateTimeOffset.UnixEpoch, "不对"));
    }

    [Fact]
    public void An_entered_value_is_confirmed_at_once_by_its_author()
    {
        var entered = IndicatorSubmission.Submit(Draft(), new IndicatorValueStamp(9_400, new DateOnly(2026, 3, 31), "年报"), "admin@test.local", DateTimeOffset.UnixEpoch);
        entered.ConfirmDirectly(DateTimeOffset.UnixEpoch, null);

        Assert.Equal((ReportState.Confirmed, true, "admin@test.local"), (entered.State, entered.Direct, entered.DecidedBy));
        Assert.Equal(new IndicatorValueStamp(9_400, new DateOnly(2026, 3, 31), "年报"), entered.Previous);
    }

    private static IEnumerable<(string, ReportRule)> Rules(IndicatorDraft draft) =>
        IndicatorEntryRules.Check(Team, draft, scopeKnown: true, Today).Select(p => (p.Field, p.Rule));
}

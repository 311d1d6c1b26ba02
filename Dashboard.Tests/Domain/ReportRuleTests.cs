using Coverage.Domain.Divisions;
using Coverage.Domain.Reports;

namespace Coverage.Dashboard.Tests.Domain;

/// <summary>Every rule a report, a proposal and a decision keep, and the report's own lifecycle (four eyes, one decision).</summary>
public sealed class ReportRuleTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static readonly StationRecord UnderConstruction = new(3, new TownshipCode("510105001000"), "少城街道社会工作服务站", BuildMode.CountySelfBuilt,
        StationStatus.UnderConstruction, new(2023, 2, 1), new(2024, 3, 1), null, null, 2, 0, StationServices.Needs, "青羊区社会工作服务中心");

    private static readonly StationRecord SuspendedAfterGoingLive = new(5, new TownshipCode("513401100000"), "安宁镇社会工作服务站", BuildMode.CivilAffairsInstitution,
        StationStatus.Suspended, new(2022, 1, 10), new(2022, 5, 1), new(2022, 12, 1), new(2024, 6, 1), 3, 1, StationServices.Needs, null);

    private static ReportDraft GoLive(DateOnly? on = null, int staff = 4, int certified = 2) =>
        new(StationStatus.Operating, on ?? Today, staff, certified, StationServices.Needs | StationServices.Care, "青羊区社会工作服务中心", "已挂牌运营");

    private static ReportRule[] Rules(IReadOnlyList<ReportProblem> problems) => [.. problems.Select(p => p.Rule)];

    [Fact]
    public void A_report_that_keeps_every_rule_has_no_problems() =>
        Assert.Empty(ReportRules.CheckChange(UnderConstruction, GoLive(), Today));

    [Theory]
    [InlineData(StationStatus.Planned, StationStatus.Operating)]
    [InlineData(StationStatus.UnderConstruction, StationStatus.Planned)]
    [InlineData(StationStatus.Operating, StationStatus.UnderConstruction)]
    public void A_status_the_lifecycle_does_not_lead_to_is_refused_on_the_status_field(StationStatus from, StationStatus to)
    {
        var station = UnderConstruction with
        {
            Status = from,
            ConstructionStartedOn = from == StationStatus.Planned ? null : UnderConstruction.ConstructionStartedOn,
            OperatingSince = from == StationStatus.Operating ? new(2024, 5, 1) : null,
        };
        var problem = Assert.Single(ReportRules.CheckChange(station, GoLive() with { Status = to }, Today));
        Assert.Equal((ReportRules.StatusField, ReportRule.TransitionNotAllowed), (problem.Field, problem.Rule));
    }

    [Fact]
    public void A_suspended_station_that_had_gone_live_resumes_operating_not_construction()
    {
        Assert.Empty(ReportRules.CheckChange(SuspendedAfterGoingLive, GoLive(), Today));
        Assert.Equal([ReportRule.TransitionNotAllowed],
            Rules(ReportRules.CheckChange(SuspendedAfterGoingLive, GoLive() with { Status = StationStatus.UnderConstruction }, Today)));
    }

    [Fact]
    public void A_future_effective_date_is_refused() =>
        Assert.Equal([ReportRule.EffectiveInFuture], Rules(ReportRules.CheckChange(UnderConstruction, GoLive(Today.AddDays(1)), Today)));

    [Fact]
    public void An_effective_date_before_the_stations_latest_date_is_refused_dates_never_go_backwards()
    {
        var problem = Assert.Single(ReportRules.CheckChange(UnderConstruction, GoLive(new(2024, 2, 29)), Today));
        Assert.Equal((ReportRules.EffectiveOnField, ReportRule.EffectiveBeforeLast), (problem.Field, problem.Rule));
        Assert.Contains("2024-03-01", problem.Message, StringComparison.Ordinal);
        Assert.Empty(ReportRules.CheckChange(UnderConstruction, GoLive(new(2024, 3, 1)), Today));
    }

    [Fact]
    public void More_certified_social_workers_than_social_workers_is_refused_on_the_certified_field()
    {
        var problem = Assert.Single(ReportRules.CheckChange(UnderConstruction, GoLive(staff: 2, certified: 3), Today));
        Assert.Equal((ReportRules.CertifiedField, ReportRule.CertifiedExceedsStaff), (problem.Field, problem.Rule));
    }

    [Theory]
    [InlineData(-1, 0, ReportRules.SocialWorkersField)]
    [InlineData(ReportRules.MaxStaff + 1, 0, ReportRules.SocialWorkersField)]
    [InlineData(3, -1, ReportRules.CertifiedField)]
    public void Staff_counts_outside_the_plausible_range_are_refused(int staff, int certified, string field)
    {
        var problems = ReportRules.CheckChange(UnderConstruction, GoLive(staff: staff, certified: certified), Today);
        Assert.Contains(problems, p => p.Field == field && p.Rule == ReportRule.StaffOutOfRange);
    }

    [Fact]
    public void An_unknown_service_is_refused() =>
        Assert.Equal([ReportRule.UnknownService],
            Rules(ReportRules.CheckChange(UnderConstruction, GoLive() with { Services = (StationServices)128 }, Today)));

    [Theory]
    [InlineData("运营\u0000机构", ReportRule.TextCharacters)]
    [InlineData("运营\u202E机构", ReportRule.TextCharacters)]
    [InlineData("运营\u2066机构", ReportRule.TextCharacters)]
    public void Control_and_bidi_override_characters_in_the_operator_are_refused(string name, ReportRule rule)
    {
        var problem = Assert.Single(ReportRules.CheckChange(UnderConstruction, GoLive() with { Operator = name }, Today));
        Assert.Equal((ReportRules.OperatorField, rule), (problem.Field, problem.Rule));
    }

    [Fact]
    public void Over_long_texts_are_refused_but_a_note_may_have_line_breaks()
    {
        Assert.Equal([ReportRule.TextTooLong],
            Rules(ReportRules.CheckChange(UnderConstruction, GoLive() with { Operator = new string('社', ReportRules.MaxNameLength + 1) }, Today)));
        Assert.Equal([ReportRule.TextTooLong],
            Rules(ReportRules.CheckChange(UnderConstruction, GoLive() with { Note = new string('注', ReportRules.MaxNoteLength + 1) }, Today)));
        Assert.Empty(ReportRules.CheckChange(UnderConstruction, GoLive() with { Note = "第一行\r\n第二行\t完" }, Today));
    }

    [Fact]
    public void A_report_that_changes_nothing_is_refused_but_staff_alone_is_a_change()
    {
        var same = new ReportDraft(UnderConstruction.Status, Today, 2, 0, StationServices.Needs, " 青羊区社会工作服务中心 ", null);
        Assert.Equal([ReportRule.NothingToReport], Rules(ReportRules.CheckChange(UnderConstruction, same, Today)));
        Assert.Empty(ReportRules.CheckChange(UnderConstruction, same with { SocialWorkers = 3 }, Today));
    }

    [Fact]
    public void A_proposal_needs_a_known_township_without_a_station_a_build_mode_and_no_future_date()
    {
        var draft = new ProposalDraft("513401200000", BuildMode.ExistingVenue, Today, null, null);
        Assert.Empty(ReportRules.CheckProposal(draft, townshipKnown: true, existingStation: null, Today));
        Assert.Equal([ReportRule.UnknownTownship], Rules(ReportRules.CheckProposal(draft, townshipKnown: false, existingStation: null, Today)));
        Assert.Equal([ReportRule.TownshipHasStation], Rules(ReportRules.CheckProposal(draft, townshipKnown: true, existingStation: 9, Today)));
        Assert.Equal([ReportRule.ModeRequired], Rules(ReportRules.CheckProposal(draft with { Mode = (BuildMode)42 }, true, null, Today)));
        Assert.Equal([ReportRule.EffectiveInFuture], Rules(ReportRules.CheckProposal(draft with { PlannedOn = Today.AddDays(1) }, true, null, Today)));
    }

    [Fact]
    public void Returning_needs_a_reason_and_a_comment_is_optional()
    {
        Assert.Equal([ReportRule.ReasonRequired], Rules(ReportRules.CheckDecision(ReportRules.ReasonField, "  ", required: true)));
        Assert.Empty(ReportRules.CheckDecision(ReportRules.CommentField, null, required: false));
    }

    private static StationReport Pending(string by = "county@test.local") =>
        StationReport.ForStation(UnderConstruction, 4, "510105", GoLive(), by, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_report_remembers_the_station_version_and_status_it_was_made_against()
    {
        var report = Pending();
        Assert.Equal((ReportState.Pending, 4, StationStatus.UnderConstruction, "5101"),
            (report.State, report.StationVersion, report.PreviousStatus, report.PrefectureCode));
    }

    [Fact]
    public void Nobody_confirms_their_own_report_four_eyes()
    {
        var report = Pending("someone@test.local");
        Assert.Equal(ReportRule.FourEyes, report.CannotDecide("SOMEONE@test.local"));
        var e = Assert.Throws<ReportRuleException>(() => report.Confirm("someone@test.local", DateTimeOffset.UnixEpoch, null));
        Assert.Equal(ReportRule.FourEyes, e.Rule);
        Assert.Equal(ReportState.Pending, report.State);
        Assert.Null(report.CannotDecide("prefecture@test.local"));
    }

    [Fact]
    public void A_report_is_decided_once()
    {
        var report = Pending();
        report.Confirm("prefecture@test.local", DateTimeOffset.UnixEpoch, " 已核实 ");
        Assert.Equal((ReportState.Confirmed, "prefecture@test.local", "已核实"), (report.State, report.DecidedBy, report.DecisionNote));
        Assert.Equal(ReportRule.AlreadyDecided, report.CannotDecide("admin@test.local"));
        Assert.Throws<ReportRuleException>(() => report.Return("admin@test.local", DateTimeOffset.UnixEpoch, "重复"));
    }

    [Fact]
    public void A_direct_record_is_confirmed_by_its_author()
    {
        var report = Pending("prefecture@test.local");
        report.ConfirmDirectly(DateTimeOffset.UnixEpoch, null);
        Assert.Equal((ReportState.Confirmed, true, "prefecture@test.local"), (report.State, report.Direct, report.DecidedBy));
    }

    [Fact]
    public void Applying_a_report_moves_the_status_by_its_step_and_records_the_details_or_changes_nothing()
    {
        var station = Station.Restore(UnderConstruction);
        var e = Assert.Throws<StationRuleException>(() => station.ApplyReport(StationStatus.Operating, Today, 2, 3, StationServices.Needs, null));
        Assert.Contains("certified", e.Message, StringComparison.Ordinal);
        Assert.Equal((StationStatus.UnderConstruction, 2), (station.Status, station.SocialWorkers));

        station.ApplyReport(StationStatus.Operating, Today, 4, 2, StationServices.Needs | StationServices.Care, " 新机构 ");
        Assert.Equal((StationStatus.Operating, Today, 4, 2, "新机构"), (station.Status, station.OperatingSince, station.SocialWorkers, station.CertifiedSocialWorkers, station.Operator));
    }
}

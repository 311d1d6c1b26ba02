using Coverage.Domain.Reports;
using Coverage.Infrastructure.Data.Sql;
using Coverage.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>
/// The reporting workflow on a real PostGIS: submit, confirm, return, the version conflict, one winner of two confirmations,
/// idempotent submissions, proposals, scope and four eyes — and who the trigger records in <c>station_events</c>.
/// The fixture's 西昌市 (513401) has station 5 (安宁镇, suspended after going live) and two townships without a station.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class StationReportsTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    private const int Anning = 5;
    private const string Daxing = "513401200000";

    private static readonly Actor County = Actor("county@test.local", Role.CountyStaff, "513401");
    private static readonly Actor Prefecture = Actor("prefecture@test.local", Role.PrefectureStaff, "5134");
    private static readonly Actor Admin = Actor("admin@test.local", Role.ProvinceAdmin, null);

    private static Actor Actor(string name, Role role, string? scope)
    {
        Assert.True(AccessScope.TryParse(scope, out var parsed));
        return new Actor(name, role, parsed);
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    private IStationReports Reports => Db.Services.GetRequiredService<IStationReports>();

    private static ReportDraft Resume(int staff = 4, int certified = 2) =>
        new(StationStatus.Operating, Today, staff, certified, StationServices.Needs | StationServices.Care, "西昌市民政服务中心", "恢复运营");

    private async Task<ReportView> SubmitAsync(Actor? actor = null, ReportDraft? draft = null, Submission? submission = null)
    {
        var result = await Reports.SubmitAsync(actor ?? County, Anning, draft ?? Resume(), submission, "203.0.113.7");
        Assert.Equal(ReportOutcome.Created, result.Outcome);
        return result.Report!;
    }

    private Task<string?> StatusAsync(int id = Anning) => Db.ScalarAsync<string>($"SELECT status FROM stations WHERE id = {id}");

    [Fact]
    public async Task A_county_report_waits_pending_with_the_station_version_and_changes_nothing_until_confirmed()
    {
        var version = await Db.ScalarAsync<int>($"SELECT version FROM stations WHERE id = {Anning}");
        var report = await SubmitAsync();

        Assert.Equal((ReportState.Pending, false, version, StationStatus.Suspended), (report.State, report.Direct, report.StationVersion, report.PreviousStatus));
        Assert.Equal(("安宁镇", "西昌市", "5134"), (report.TownshipName, report.CountyName, report.PrefectureCode));
        Assert.Equal("suspended", await StatusAsync());
        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE action = 'reportSubmitted' AND actor = 'county@test.local' AND detail LIKE 'report {report.Id}:%'"));
        Assert.Equal(new ReportCounts(1, 0) { Attention = 1 }, await Reports.CountAsync(Prefecture));
        Assert.Equal(0, (await Reports.CountAsync(County)).Attention);
    }

    [Fact]
    public async Task Confirming_applies_the_report_in_one_transaction_and_the_event_names_the_confirmer_and_the_report()
    {
        var report = await SubmitAsync();
        var before = await Db.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM station_events");

        var result = await Reports.ConfirmAsync(Prefecture, report.Id, "已电话核实", null);

        Assert.Equal(ReportOutcome.Decided, result.Outcome);
        Assert.Equal((ReportState.Confirmed, "prefecture@test.local", "已电话核实"), (result.Report!.State, result.Report.DecidedBy, result.Report.DecisionNote));
        Assert.Equal("operating", await StatusAsync());
        Assert.Equal(4, await Db.ScalarAsync<int>($"SELECT social_workers FROM stations WHERE id = {Anning}"));
        Assert.Equal("prefecture@test.local", await Db.ScalarAsync<string>($"SELECT updated_by FROM stations WHERE id = {Anning}"));
        Assert.Equal($"prefecture@test.local|{report.Id}|suspended|operating",
            await Db.ScalarAsync<string>($"SELECT actor || '|' || report_id || '|' || previous_status || '|' || status FROM station_events WHERE id > {before}"));

        var entry = (await Reports.HistoryAsync(Anning))[0];
        Assert.Equal((report.Id, "county@test.local", "prefecture@test.local", (DateOnly?)Today), (entry.ReportId, entry.SubmittedBy, entry.ConfirmedBy, entry.EffectiveOn));
        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE action = 'reportConfirmed' AND actor = 'prefecture@test.local'"));
    }

    [Fact]
    public async Task New_staff_alone_is_an_event_too_so_every_screen_sees_it_but_it_is_not_a_go_live()
    {
        var draft = new ReportDraft(StationStatus.Suspended, Today, 7, 3, StationServices.Needs | StationServices.Assistance, "西昌市民政服务中心", null);
        var before = await Db.ScalarAsync<long>("SELECT coalesce(max(id), 0) FROM station_events");

        var result = await Reports.SubmitAsync(Prefecture, Anning, draft, null, null);

        Assert.Equal((ReportOutcome.Created, ReportState.Confirmed, true), (result.Outcome, result.Report!.State, result.Report.Direct));
        Assert.Equal("suspended|suspended|prefecture@test.local",
            await Db.ScalarAsync<string>($"SELECT previous_status || '|' || status || '|' || actor FROM station_events WHERE id > {before}"));
        Assert.False(new StationChangedMessage(1, Anning, "513401100000", "513401", "5134", StationStatus.Operating, BuildMode.CivilAffairsInstitution,
            DateTimeOffset.UnixEpoch) { PreviousStatus = StationStatus.Operating }.IsGoLive);
    }

    [Fact]
    public async Task A_returned_report_carries_its_reason_to_the_county_and_changes_nothing()
    {
        var report = await SubmitAsync();
        Assert.Equal(ReportOutcome.Invalid, (await Reports.ReturnAsync(Prefecture, report.Id, " ", null)).Outcome);

        var result = await Reports.ReturnAsync(Prefecture, report.Id, "持证人数与花名册不符，请核对", null);

        Assert.Equal((ReportState.Returned, "持证人数与花名册不符，请核对"), (result.Report!.State, result.Report.DecisionNote));
        Assert.Equal("suspended", await StatusAsync());
        Assert.Equal(1, (await Reports.CountAsync(County)).Attention);
        var seen = Assert.Single(await Reports.ListAsync(County, new ReportQuery(State: ReportState.Returned)));
        Assert.Equal(report.Id, seen.Id);
    }

    [Fact]
    public async Task Confirming_a_report_on_a_station_that_changed_since_is_a_conflict_naming_when_and_by_whom_and_applies_nothing()
    {
        var report = await SubmitAsync();
        var direct = await Reports.SubmitAsync(Admin, Anning, Resume(staff: 9, certified: 1) with { Status = StationStatus.Suspended }, null, null);
        Assert.Equal((ReportOutcome.Created, ReportState.Confirmed), (direct.Outcome, direct.Report!.State));

        var result = await Reports.ConfirmAsync(Prefecture, report.Id, null, null);

        Assert.Equal((ReportOutcome.Conflict, ReportRule.StationChanged), (result.Outcome, result.Rule));
        Assert.Equal("admin@test.local", result.Changed!.UpdatedBy);
        Assert.Equal(report.StationVersion + 1, result.Changed.Version);
        Assert.Equal((ReportState.Pending, "suspended", 9),
            ((await Reports.GetAsync(Prefecture, report.Id))!.State, await StatusAsync(), await Db.ScalarAsync<int>($"SELECT social_workers FROM stations WHERE id = {Anning}")));
    }

    [Fact]
    public async Task Two_users_confirming_the_same_report_at_once_exactly_one_succeeds()
    {
        var report = await SubmitAsync();
        var results = await Task.WhenAll(
            Reports.ConfirmAsync(Prefecture, report.Id, null, null),
            Reports.ConfirmAsync(Admin, report.Id, null, null));

        Assert.Single(results, r => r.Outcome == ReportOutcome.Decided);
        var loser = Assert.Single(results, r => r.Outcome == ReportOutcome.Conflict);
        Assert.Equal(ReportRule.AlreadyDecided, loser.Rule);
        Assert.Equal(1L, await Db.ScalarAsync<long>($"SELECT count(*) FROM station_events WHERE report_id = {report.Id}"));
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_idempotency_key_returns_the_first_report_and_another_request_under_it_is_refused()
    {
        var submission = new Submission("retry-7f3a", "hash-a");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Reports.SubmitAsync(County, Anning, Resume(), submission, null)));

        var id = Assert.Single(results, r => r.Outcome == ReportOutcome.Created).Report!.Id;
        Assert.All(results.Where(r => r.Outcome != ReportOutcome.Created), r => Assert.Equal((ReportOutcome.Replayed, id), (r.Outcome, r.Report!.Id)));
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM station_reports"));

        var reused = await Reports.SubmitAsync(County, Anning, Resume(staff: 5), submission with { RequestHash = "hash-b" }, null);
        Assert.Equal(ReportOutcome.KeyReused, reused.Outcome);
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM station_reports"));
    }

    [Fact]
    public async Task Nobody_confirms_their_own_report_even_after_becoming_a_decider()
    {
        var report = await SubmitAsync();
        var promoted = Actor("county@test.local", Role.PrefectureStaff, "5134");

        var result = await Reports.ConfirmAsync(promoted, report.Id, null, null);

        Assert.Equal((ReportOutcome.Denied, ReportRule.FourEyes), (result.Outcome, result.Rule));
        Assert.Equal("suspended", await StatusAsync());
        Assert.Equal(1L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'writeDenied' AND actor = 'county@test.local'"));
    }

    [Fact]
    public async Task Outside_its_scope_or_without_a_writing_role_nobody_reports_or_decides_and_each_refusal_is_audited()
    {
        var otherCounty = Actor("other@test.local", Role.CountyStaff, "510104");
        var viewer = Actor("viewer@test.local", Role.Viewer, null);
        var otherPrefecture = Actor("chengdu@test.local", Role.PrefectureStaff, "5101");

        Assert.Equal(ReportOutcome.Denied, (await Reports.SubmitAsync(otherCounty, Anning, Resume(), null, null)).Outcome);
        Assert.Equal(ReportOutcome.Denied, (await Reports.SubmitAsync(viewer, Anning, Resume(), null, null)).Outcome);
        var report = await SubmitAsync();
        Assert.Equal(ReportOutcome.Denied, (await Reports.ConfirmAsync(otherPrefecture, report.Id, null, null)).Outcome);
        Assert.Equal(ReportOutcome.Denied, (await Reports.ConfirmAsync(County, report.Id, null, null)).Outcome);
        Assert.Equal(ReportOutcome.NotFound, (await Reports.ConfirmAsync(Prefecture, 999_999, null, null)).Outcome);
        Assert.Equal(ReportOutcome.NotFound, (await Reports.SubmitAsync(County, 999_999, Resume(), null, null)).Outcome);

        Assert.Equal(4L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'writeDenied'"));
        Assert.Equal("suspended", await StatusAsync());
        Assert.Empty(await Reports.ListAsync(otherCounty, new ReportQuery()));
        Assert.Single(await Reports.ListAsync(viewer, new ReportQuery()));
    }

    [Fact]
    public async Task A_report_breaking_a_rule_is_refused_with_field_and_rule_and_nothing_is_written()
    {
        var result = await Reports.SubmitAsync(County, Anning, Resume(staff: 2, certified: 3) with { EffectiveOn = Today.AddDays(1) }, null, null);

        Assert.Equal(ReportOutcome.Invalid, result.Outcome);
        Assert.Equal([(ReportRules.EffectiveOnField, ReportRule.EffectiveInFuture), (ReportRules.CertifiedField, ReportRule.CertifiedExceedsStaff)],
            result.Problems!.Select(p => (p.Field, p.Rule)));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM station_reports"));
    }

    [Fact]
    public async Task A_proposed_station_is_created_planned_when_confirmed_and_its_event_names_the_report()
    {
        var proposal = await Reports.ProposeAsync(County, new ProposalDraft(Daxing, BuildMode.ExistingVenue, Today, null, "利用村委会闲置用房"), null, null);
        Assert.Equal((ReportOutcome.Created, ReportState.Pending, (int?)null), (proposal.Outcome, proposal.Report!.State, proposal.Report.StationId));

        var confirmed = await Reports.ConfirmAsync(Prefecture, proposal.Report.Id, null, null);

        var id = confirmed.Report!.StationId!.Value;
        Assert.Equal(("planned", "大兴乡社会工作服务站", "existingVenue"),
            (await StatusAsync(id), await Db.ScalarAsync<string>($"SELECT name FROM stations WHERE id = {id}"), await Db.ScalarAsync<string>($"SELECT mode FROM stations WHERE id = {id}")));
        Assert.Equal(proposal.Report.Id, await Db.ScalarAsync<long>($"SELECT report_id FROM station_events WHERE station_id = {id}"));
        Assert.Equal((true, (int?)id), await Reports.TownshipStationAsync(Daxing));

        var again = await Reports.ProposeAsync(County, new ProposalDraft(Daxing, BuildMode.ExistingVenue, Today, null, null), null, null);
        Assert.Equal(ReportRule.TownshipHasStation, Assert.Single(again.Problems!).Rule);
    }

    [Fact]
    public async Task Writers_outside_the_app_appear_as_their_database_role_the_importer_as_its_file_and_the_demo_feed_as_synthetic()
    {
        await Db.ExecuteAsync($"UPDATE stations SET status = 'operating', suspended_on = NULL WHERE id = {Anning}");
        var role = await Db.ScalarAsync<string>("SELECT current_user");
        Assert.Equal($"sql:{role}", await Db.ScalarAsync<string>($"SELECT actor FROM station_events WHERE station_id = {Anning} ORDER BY id DESC LIMIT 1"));
        Assert.Equal($"sql:{role}", await Db.ScalarAsync<string>($"SELECT updated_by FROM stations WHERE id = {Anning}"));

        Assert.Equal(5L, await Db.ScalarAsync<long>("SELECT count(*) FROM station_events WHERE actor = 'import:stations.csv'")); // the seed

        var moved = await Db.Services.GetRequiredService<DemoFeed>().StepAsync(CancellationToken.None);
        Assert.Equal(DemoFeed.Actor, await Db.ScalarAsync<string>($"SELECT actor FROM station_events WHERE station_id = {moved} ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task The_actor_setting_is_transaction_local_and_never_leaks_to_the_next_writer_on_a_pooled_connection()
    {
        await using (var db = Db.CreateDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await WriteActor.SetAsync(db, "someone@test.local", 42, CancellationToken.None);
            await tx.RollbackAsync();
        }
        await using (var db = Db.CreateDbContext())
        {
            var leaked = await db.Database.SqlQuery<string>($"SELECT coverage_actor() AS \"Value\"").SingleAsync();
            Assert.StartsWith("sql:", leaked, StringComparison.Ordinal);
        }
    }
}

using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;
using Npgsql;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>
/// Entering and confirming indicator values on a real PostGIS: a province admin's entry counts at once, a prefecture's submission
/// waits for a province admin, scope and four eyes, a bad value writes nothing, every write and refusal is audited, a value changed
/// since a submission refuses its confirmation, and every change is announced on the indicators channel. The fixture has
/// minors-team 2025 = 9,400 for the province and elderly-institution-posts 2025 = 78.0 % for 凉山 (5134).
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class IndicatorSubmissionsTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    private static readonly Actor Admin = TestUsers.ActorOf(Role.ProvinceAdmin);
    private static readonly Actor Prefecture = TestUsers.ActorOf(Role.PrefectureStaff);

    private IIndicatorSubmissions Submissions => Db.Services.GetRequiredService<IIndicatorSubmissions>();

    private static IndicatorDraft Posts(decimal value = 84.5m, string scope = "5134", string source = "凉山州民政局年报") =>
        new("elderly-institution-posts", scope, 2025, value, new DateOnly(2026, 6, 30), source, "按机构名录核对");

    private Task<decimal> ValueAsync(string indicator = "elderly-institution-posts", string scope = "5134", int year = 2025) =>
        Db.ScalarAsync<decimal>($"SELECT value FROM indicator_values WHERE indicator_id = '{indicator}' AND scope = '{scope}' AND year = {year}");

    private Task<long> AuditedAsync(string action, string actor) =>
        Db.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE action = '{action}' AND actor = '{actor}' AND target LIKE 'indicator%'");

    [Fact]
    public async Task A_province_admins_value_is_recorded_at_once_replacing_the_stored_one_and_audited()
    {
        var result = await Submissions.SubmitAsync(Admin, new IndicatorDraft("minors-team", "51", 2025, 9_800, new DateOnly(2026, 6, 30), "synthetic: 演示录入", null), null, "203.0.113.7");

        Assert.Equal(ReportOutcome.Created, result.Outcome);
        Assert.Equal((ReportState.Confirmed, true), (result.Submission!.State, result.Submission.Direct));
        Assert.Equal(9_800m, await ValueAsync("minors-team", "51"));
        Assert.True(await Db.ScalarAsync<bool>("SELECT synthetic FROM indicator_values WHERE indicator_id = 'minors-team' AND scope = '51' AND year = 2025"));
        Assert.Equal(1L, await AuditedAsync("reportConfirmed", Admin.Name));
        var book = await Db.Services.GetRequiredService<IIndicators>().LoadAsync();
        Assert.Equal(9_800m, book.Series("minors-team", "51").Last().Value);
    }

    [Fact]
    public async Task A_prefectures_value_waits_pending_and_counts_only_once_a_province_admin_confirms_it()
    {
        var submitted = await Submissions.SubmitAsync(Prefecture, Posts(), null, null);
        Assert.Equal((ReportOutcome.Created, ReportState.Pending), (submitted.Outcome, submitted.Submission!.State));
        Assert.Equal(78.0m, await ValueAsync());
        Assert.Equal(1L, await AuditedAsync("reportSubmitted", Prefecture.Name));
        Assert.Single(await Submissions.ListAsync(Prefecture, ReportState.Pending));

        var confirmed = await Submissions.ConfirmAsync(Admin, submitted.Submission.Id, "已核对", null);

        Assert.Equal((ReportOutcome.Decided, ReportState.Confirmed, Admin.Name), (confirmed.Outcome, confirmed.Submission!.State, confirmed.Submission.DecidedBy));
        Assert.Equal(84.5m, await ValueAsync());
        Assert.Equal(1L, await AuditedAsync("reportConfirmed", Admin.Name));
    }

    [Fact]
    public async Task A_returned_value_changes_nothing_and_keeps_its_reason()
    {
        var submitted = await Submissions.SubmitAsync(Prefecture, Posts(), null, null);

        Assert.Equal(ReportOutcome.Invalid, (await Submissions.ReturnAsync(Admin, submitted.Submission!.Id, " ", null)).Outcome);
        var returned = await Submissions.ReturnAsync(Admin, submitted.Submission.Id, "与机构名录不符", null);

        Assert.Equal((ReportState.Returned, "与机构名录不符"), (returned.Submission!.State, returned.Submission.DecisionNote));
        Assert.Equal(78.0m, await ValueAsync());
        Assert.Equal(ReportOutcome.Conflict, (await Submissions.ConfirmAsync(Admin, submitted.Submission.Id, null, null)).Outcome);
    }

    [Fact]
    public async Task A_prefecture_user_cannot_submit_for_another_prefecture_or_the_province_and_the_refusal_is_audited()
    {
        foreach (var scope in new[] { "5101", "51" })
        {
            var result = await Submissions.SubmitAsync(Prefecture, Posts(scope: scope), null, null);
            Assert.Equal(ReportOutcome.Denied, result.Outcome);
        }
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM indicator_submissions"));
        Assert.Equal(95.0m, await ValueAsync(scope: "5101"));
        Assert.Equal(2L, await AuditedAsync("writeDenied", Prefecture.Name));
    }

    [Theory]
    [InlineData(Role.CountyStaff)]
    [InlineData(Role.Viewer)]
    public async Task County_staff_and_viewers_cannot_submit(Role role)
    {
        var result = await Submissions.SubmitAsync(TestUsers.ActorOf(role), Posts(), null, null);

        Assert.Equal(ReportOutcome.Denied, result.Outcome);
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM indicator_submissions"));
        Assert.Equal(1L, await AuditedAsync("writeDenied", TestUsers.Email(role)));
    }

    [Fact]
    public async Task Prefecture_staff_cannot_confirm_and_nobody_confirms_their_own_submission()
    {
        var submitted = (await Submissions.SubmitAsync(Prefecture, Posts(), null, null)).Submission!;

        Assert.Equal(ReportOutcome.Denied, (await Submissions.ConfirmAsync(Prefecture, submitted.Id, null, null)).Outcome);
        // The same person, made a province admin meanwhile, still may not confirm what they submitted.
        var promoted = new Actor(Prefecture.Name, Role.ProvinceAdmin, AccessScope.Province);
        var own = await Submissions.ConfirmAsync(promoted, submitted.Id, null, null);

        Assert.Equal((ReportOutcome.Denied, (ReportRule?)ReportRule.FourEyes), (own.Outcome, own.Rule));
        Assert.Equal(78.0m, await ValueAsync());
        Assert.Equal(2L, await AuditedAsync("writeDenied", Prefecture.Name));
    }

    [Fact]
    public async Task A_bad_value_is_refused_naming_field_and_rule_and_nothing_is_written()
    {
        var result = await Submissions.SubmitAsync(Prefecture, Posts(value: 140, source: ""), null, null);

        Assert.Equal(ReportOutcome.Invalid, result.Outcome);
        Assert.Equal([(IndicatorEntryRules.ValueField, ReportRule.ValueRejected), (IndicatorEntryRules.SourceField, ReportRule.SourceRequired)],
            result.Problems!.Select(p => (p.Field, p.Rule)));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM indicator_submissions"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE target LIKE 'indicator%'"));
        Assert.Equal(78.0m, await ValueAsync());
    }

    [Fact]
    public async Task A_submission_over_a_value_changed_since_is_not_confirmed()
    {
        var submitted = (await Submissions.SubmitAsync(Prefecture, Posts(), null, null)).Submission!;
        await Submissions.SubmitAsync(Admin, Posts(value: 80), null, null);

        var result = await Submissions.ConfirmAsync(Admin, submitted.Id, null, null);

        Assert.Equal((ReportOutcome.Conflict, (ReportRule?)ReportRule.ValueChanged), (result.Outcome, result.Rule));
        Assert.Equal(80m, await ValueAsync());
    }

    [Fact]
    public async Task Every_change_of_indicator_values_is_announced_on_the_indicators_channel()
    {
        await using var listener = new NpgsqlConnection(Db.ConnectionString);
        await listener.OpenAsync();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => heard.TrySetResult(e.Channel);
        await using (var listen = new NpgsqlCommand("LISTEN indicators", listener)) await listen.ExecuteNonQueryAsync();

        await Submissions.SubmitAsync(Prefecture, Posts(), null, null);

        await listener.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("indicators", await heard.Task.WaitAsync(TimeSpan.FromSeconds(1)));
    }
}

using Coverage.Domain.Access;
using Coverage.Domain.Indicators;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Data.Configurations;
using Coverage.Infrastructure.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Coverage.Infrastructure.Indicators;

internal sealed class IndicatorSubmissionConfiguration : IEntityTypeConfiguration<IndicatorSubmission>
{
    public const string Table = "indicator_submissions";

    public void Configure(EntityTypeBuilder<IndicatorSubmission> b)
    {
        b.ToTable(Table, t => t.HasCheckConstraint("ck_indicator_submissions_scope", "scope ~ '^51([0-9]{2})?$'"));
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).UseIdentityByDefaultColumn();
        b.Ignore(s => s.Previous);
        b.HasIdColumn(s => s.State, Table, "state", 16);
        b.Property(s => s.IndicatorId).HasMaxLength(IndicatorColumns.IdLength);
        b.Property(s => s.Scope).HasMaxLength(DivisionTables.PrefectureCodeLength);
        b.Property(s => s.Value).HasPrecision(14, 2);
        b.Property(s => s.PreviousValue).HasPrecision(14, 2);
        b.Property(s => s.Source).HasMaxLength(IndicatorColumns.ValueSourceLength);
        b.Property(s => s.PreviousSource).HasMaxLength(IndicatorColumns.ValueSourceLength);
        b.Property(s => s.Note).HasMaxLength(ReportRules.MaxNoteLength);
        b.Property(s => s.DecisionNote).HasMaxLength(ReportRules.MaxNoteLength);
        b.Property(s => s.SubmittedBy).HasMaxLength(AuditLog.MaxField);
        b.Property(s => s.DecidedBy).HasMaxLength(AuditLog.MaxField);
        b.HasIndex(s => new { s.State, s.Scope });
        b.Property(s => s.IdempotencyKey).HasMaxLength(ReportLimits.MaxIdempotencyKeyLength);
        b.Property(s => s.RequestHash).HasMaxLength(64);
        b.HasIndex(s => new { s.SubmittedBy, s.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        b.HasOne<IndicatorRow>().WithMany().HasForeignKey(s => s.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Entered and submitted indicator values on PostgreSQL. Every write is one transaction: a decision locks its submission row, then
/// the value row it replaces, so two confirmations cannot both apply and a confirmation over a value changed since (another
/// confirmation, an import) is refused; the audit row commits with it. A trigger announces every change on
/// <see cref="IndicatorNotices.Channel"/>, so open boards on every node load the values again.
/// </summary>
internal sealed class IndicatorSubmissions(IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, TimeProvider clock) : IIndicatorSubmissions
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<IndicatorResult> SubmitAsync(Actor actor, IndicatorDraft draft, Submission? submission, string? ip, CancellationToken ct = default)
    {
        if (await ReplayAsync(actor, submission, ct) is { } replayed) return replayed;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var target = Target(draft.IndicatorId, draft.Scope, draft.Year);
        var direct = actor.CanEnterIndicator();
        if (!direct && !actor.CanSubmitIndicator(draft.Scope))
            return await DenyAsync(db, tx, actor, ip, target, "indicator value", WhyDenied(actor, draft.Scope), ct);

        var indicator = (await db.Indicators.AsNoTracking().SingleOrDefaultAsync(i => i.Id == draft.IndicatorId, ct))?.ToIndicator();
        var scopeKnown = draft.Scope == Indicator.Province || await db.Prefectures.AnyAsync(p => p.Code == draft.Scope, ct);
        var problems = IndicatorEntryRules.Check(indicator, draft, scopeKnown, Today);
        if (problems.Count > 0) return new IndicatorResult(ReportOutcome.Invalid, Problems: problems, Error: string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}")));

        var stored = await LockValueAsync(db, draft.IndicatorId, draft.Scope, draft.Year, ct);
        var entry = IndicatorSubmission.Submit(draft, stored is null ? null : new IndicatorValueStamp(stored.Value, stored.AsOf, stored.Source),
            actor.Name, clock.GetUtcNow(), submission);
        db.IndicatorSubmissions.Add(entry);
        if (!await StationReports.TrySaveAsync(db, ct))
            return await ReplayAsync(actor, submission, ct) ?? throw new InvalidOperationException("The idempotency key's first submission vanished.");
        db.AuditLog.Add(audit.Entry(AuditAction.ReportSubmitted, actor.Name, ip, target, $"indicator submission {entry.Id}: {Describe(entry)}"));
        if (direct)
        {
            entry.ConfirmDirectly(entry.SubmittedAt, null);
            Apply(db, entry, stored);
            db.AuditLog.Add(audit.Entry(AuditAction.ReportConfirmed, actor.Name, ip, target, $"entered directly, indicator submission {entry.Id}: {Describe(entry)}"));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IndicatorResult(ReportOutcome.Created, IndicatorSubmissionView.Of(entry));
    }

    /// <summary>The first result of a submission with this actor's <see cref="Submission.IdempotencyKey"/>, or null when it is new.</summary>
    private async Task<IndicatorResult?> ReplayAsync(Actor actor, Submission? submission, CancellationToken ct)
    {
        if (submission?.IdempotencyKey is not { } key) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var first = await db.IndicatorSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.SubmittedBy == actor.Name && s.IdempotencyKey == key, ct);
        if (first is null) return null;
        return first.RequestHash == submission.RequestHash
            ? new IndicatorResult(ReportOutcome.Replayed, IndicatorSubmissionView.Of(first))
            : new IndicatorResult(ReportOutcome.KeyReused, Error: $"The Idempotency-Key was used for indicator submission {first.Id} with a different request. Nothing was written.");
    }

    public async Task<IndicatorResult> ConfirmAsync(Actor actor, long id, string? comment, string? ip, CancellationToken ct = default)
    {
        var problems = ReportRules.CheckDecision(ReportRules.CommentField, comment, required: false);
        if (problems.Count > 0) return IndicatorResult.From(ReportResult.Invalid(problems));
        return await DecideAsync(actor, id, ip, async (db, submission, target) =>
        {
            var stored = await LockValueAsync(db, submission.IndicatorId, submission.Scope, submission.Year, ct);
            var now = stored is null ? null : new IndicatorValueStamp(stored.Value, stored.AsOf, stored.Source);
            if (now != submission.Previous)
            {
                return new IndicatorResult(ReportOutcome.Conflict, IndicatorSubmissionView.Of(submission), Rule: ReportRule.ValueChanged,
                    Error: $"The {submission.Year} value of {submission.IndicatorId} for {submission.Scope} was changed after submission {submission.Id} was made " +
                           $"(now {(now is null ? "none" : $"{now.Value} as of {now.AsOf:yyyy-MM-dd}, {now.Source}")}); check it and submit again.");
            }
            submission.Confirm(actor.Name, clock.GetUtcNow(), comment);
            Apply(db, submission, stored);
            db.AuditLog.Add(audit.Entry(AuditAction.ReportConfirmed, actor.Name, ip, target,
                $"indicator submission {submission.Id} by {submission.SubmittedBy}: {Describe(submission)}{(submission.DecisionNote is null ? "" : "; comment: " + submission.DecisionNote)}"));
            return null;
        }, ct);
    }

    public async Task<IndicatorResult> ReturnAsync(Actor actor, long id, string? reason, string? ip, CancellationToken ct = default)
    {
        var problems = ReportRules.CheckDecision(ReportRules.ReasonField, reason, required: true);
        if (problems.Count > 0) return IndicatorResult.From(ReportResult.Invalid(problems));
        return await DecideAsync(actor, id, ip, (db, submission, target) =>
        {
            submission.Return(actor.Name, clock.GetUtcNow(), reason!);
            db.AuditLog.Add(audit.Entry(AuditAction.ReportReturned, actor.Name, ip, target,
                $"indicator submission {submission.Id} by {submission.SubmittedBy}: {submission.DecisionNote}"));
            return Task.FromResult<IndicatorResult?>(null);
        }, ct);
    }

    /// <summary>Lock the submission, check the actor may decide it, run <paramref name="decide"/> (null: commit; a result: stop, nothing written).</summary>
    private async Task<IndicatorResult> DecideAsync(Actor actor, long id, string? ip,
        Func<CoverageDbContext, IndicatorSubmission, string, Task<IndicatorResult?>> decide, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var submission = await db.IndicatorSubmissions.FromSql($"SELECT * FROM indicator_submissions WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (submission is null || !actor.CanSeeIndicatorSubmissions(submission.Scope))
            return IndicatorResult.From(ReportResult.NotFound($"There is no indicator submission with id {id}."));
        var target = $"indicator-submission:{submission.Id} " + Target(submission.IndicatorId, submission.Scope, submission.Year);
        if (!actor.CanDecideIndicator())
            return await DenyAsync(db, tx, actor, ip, target, "decision", "only a province admin confirms or returns indicator values", ct);

        switch (submission.CannotDecide(actor.Name))
        {
            case ReportRule.AlreadyDecided:
                return new IndicatorResult(ReportOutcome.Conflict, IndicatorSubmissionView.Of(submission), Rule: ReportRule.AlreadyDecided,
                    Error: $"Indicator submission {submission.Id} was already {DomainIds.Id(submission.State)} by {submission.DecidedBy} at {submission.DecidedAt:yyyy-MM-dd HH:mm:ss zzz}.");
            case ReportRule.FourEyes:
                return await DenyAsync(db, tx, actor, ip, target, "decision", ReportRules.Describe(ReportRule.FourEyes), ct, ReportRule.FourEyes);
        }

        if (await decide(db, submission, target) is { } stopped) return stopped;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IndicatorResult(ReportOutcome.Decided, IndicatorSubmissionView.Of(submission));
    }

    public async Task<IReadOnlyList<IndicatorSubmissionView>> ListAsync(Actor actor, ReportState? state, int limit = ReportQuery.DefaultLimit, CancellationToken ct = default)
    {
        if (actor.IsDisplay || actor.Role is not (Role.ProvinceAdmin or Role.PrefectureStaff)) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.IndicatorSubmissions.AsNoTracking();
        if (!actor.CanEnterIndicator()) query = query.Where(s => s.Scope == actor.Scope.Code);
        if (state is { } only) query = query.Where(s => s.State == only);
        var rows = await query.OrderByDescending(s => s.Id).Take(Math.Clamp(limit, 1, ReportQuery.MaxLimit)).ToListAsync(ct);
        return [.. rows.Select(IndicatorSubmissionView.Of)];
    }

    public async Task<IndicatorSubmissionView?> GetAsync(Actor actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.IndicatorSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return row is not null && actor.CanSeeIndicatorSubmissions(row.Scope) ? IndicatorSubmissionView.Of(row) : null;
    }

    /// <summary>Writes the confirmed value over the stored one (or adds it).</summary>
    private static void Apply(CoverageDbContext db, IndicatorSubmission submission, IndicatorValueRow? stored)
    {
        var value = IndicatorValueRow.From(submission.ToValue());
        if (stored is null) db.IndicatorValues.Add(value);
        else db.Entry(stored).CurrentValues.SetValues(value);
    }

    private static Task<IndicatorValueRow?> LockValueAsync(CoverageDbContext db, string indicatorId, string scope, int year, CancellationToken ct) =>
        db.IndicatorValues.FromSql($"SELECT * FROM indicator_values WHERE indicator_id = {indicatorId} AND scope = {scope} AND year = {year} FOR UPDATE")
            .SingleOrDefaultAsync(ct);

    private async Task<IndicatorResult> DenyAsync(CoverageDbContext db, IDbContextTransaction tx, Actor actor, string? ip,
        string target, string what, string reason, CancellationToken ct, ReportRule? rule = null)
    {
        await StationReports.CommitDenialAsync(db, tx, audit, actor, ip, target, $"{what}: {reason}", ct);
        return IndicatorResult.From(ReportResult.Denied(reason, rule));
    }

    private static string Target(string indicatorId, string scope, int year) => $"indicator:{indicatorId} {scope} {year}";

    private static string Describe(IndicatorSubmission s) =>
        $"{s.IndicatorId} {s.Scope} {s.Year} = {s.Value} as of {s.AsOf:yyyy-MM-dd}, source {s.Source}{(s.Synthetic ? " (synthetic)" : "")}" +
        (s.Previous is { } p ? $" (was {p.Value} as of {p.AsOf:yyyy-MM-dd})" : "");

    private static string WhyDenied(Actor actor, string scope) => actor switch
    {
        { IsDisplay: true } => "a display link is read-only",
        { Role: Role.Viewer } => "the role viewer is read-only",
        { Role: Role.PrefectureStaff } => $"scope {scope} is outside the scope {actor.Scope}",
        { Role: Role.CountyStaff } => "county staff do not submit indicator values",
        { Role: { } role } => $"the role {DomainIds.Id(role)} may not do this",
        _ => "no role",
    };
}

/// <summary>
/// Tells this node's boards that indicator values or submissions changed — on any node, or by an import: the change feed's listening
/// connection also listens on <see cref="Channel"/>, which a statement trigger on <c>indicator_values</c> and
/// <c>indicator_submissions</c> notifies. A notice only says "load again"; the feed sends one after every reconnect.
/// </summary>
public sealed class IndicatorNotices(ILogger<IndicatorNotices> logger) : Notices<bool>(logger), IIndicatorNotices
{
    public const string Channel = Data.Sql.ChangeFeedSql.IndicatorsChannel;

    public IDisposable Subscribe(Func<Task> handler) => Subscribe(_ => handler());

    public void Publish() => Publish(true);
}

using Coverage.Domain.Access;
using Coverage.Domain.Reports;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Coverage.Infrastructure.Reports;

/// <summary>
/// The reporting workflow on PostgreSQL. Every write is one transaction that holds the row locks it decides on — the report's, then
/// the station's — so two confirmations of one report, or a confirmation racing another change of the station, cannot both apply:
/// the second waits, then sees the report decided or the station's version moved, and answers a conflict. The station changes
/// through its own methods; the trigger stamps the new version and appends the event with the actor and report id this class
/// names in the transaction (<see cref="WriteActor"/>); the audit row commits with it.
/// </summary>
public sealed class StationReports(IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, TimeProvider clock) : IStationReports
{
    /// <summary>
    /// The advisory lock a confirmed proposal takes to pick the next station id; the importer takes the same one
    /// (<see cref="Seeding.DataImporter"/>), so a new station and an import never race for an id or a township.
    /// </summary>
    public const long StationIdLockKey = 5101;

    /// <summary>How far back the county's badge counts returned reports.</summary>
    public static readonly TimeSpan ReturnedAttentionWindow = TimeSpan.FromDays(30);

    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<ReportResult> SubmitAsync(Actor actor, int stationId, ReportDraft draft, Submission? submission, string? ip,
        CancellationToken ct = default)
    {
        if (await ReplayAsync(actor, submission, ct) is { } replayed) return replayed;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var station = await LockStationAsync(db, stationId, ct);
        if (station is null) return ReportResult.NotFound($"There is no station with id {stationId}.");
        var target = Target(station);

        var direct = actor.CanRecordChange(station.TownshipCode);
        if (!direct && !actor.CanSubmitReport(station.TownshipCode))
            return await DenyAsync(db, tx, actor, ip, target, "report", WhyDenied(actor, station.TownshipCode), ct);

        var problems = ReportRules.CheckChange(station.ToRecord(), draft, Today);
        if (problems.Count > 0) return ReportResult.Invalid(problems);

        var county = await CountyOfAsync(db, station.TownshipCode, ct);
        var now = clock.GetUtcNow();
        var report = StationReport.ForStation(station.ToRecord(), station.Version, county, draft, actor.Name, now, submission);
        return await StoreAsync(db, tx, report, station, direct, actor, submission, ip, target, ct);
    }

    public async Task<ReportResult> ProposeAsync(Actor actor, ProposalDraft draft, Submission? submission, string? ip, CancellationToken ct = default)
    {
        if (await ReplayAsync(actor, submission, ct) is { } replayed) return replayed;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var township = await db.Townships.AsNoTracking().Where(t => t.Code == draft.TownshipCode)
            .Select(t => new { t.Code, t.CountyCode, t.Name }).SingleOrDefaultAsync(ct);
        var target = $"township:{draft.TownshipCode}";
        if (township is not null)
        {
            var direct = actor.CanRecordChange(township.Code);
            if (!direct && !actor.CanSubmitReport(township.Code))
                return await DenyAsync(db, tx, actor, ip, target, "proposal", WhyDenied(actor, township.Code), ct);
        }
        else if (!actor.UsesInbox())
        {
            return await DenyAsync(db, tx, actor, ip, target, "proposal", WhyDenied(actor, draft.TownshipCode), ct);
        }

        var existing = township is null ? null : await db.Stations.Where(s => s.TownshipCode == township.Code).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
        var problems = ReportRules.CheckProposal(draft, township is not null, existing, Today);
        if (problems.Count > 0) return ReportResult.Invalid(problems);

        var now = clock.GetUtcNow();
        var report = StationReport.Propose(township!.CountyCode, draft, DefaultName(township.Name), actor.Name, now, submission);
        return await StoreAsync(db, tx, report, null, actor.CanRecordChange(township.Code), actor, submission, ip, target, ct);
    }

    /// <summary>
    /// Stores a new report with its audit row and, when <paramref name="direct"/>, confirms and applies it at once; commits. A lost race
    /// for the same idempotency key (the other request committed first) answers with the winner's report instead.
    /// </summary>
    private async Task<ReportResult> StoreAsync(CoverageDbContext db, IDbContextTransaction tx, StationReport report, Station? station, bool direct,
        Actor actor, Submission? submission, string? ip, string target, CancellationToken ct)
    {
        db.StationReports.Add(report);
        if (!await TrySaveAsync(db, ct))
            return await ReplayAsync(actor, submission, ct) ?? throw new InvalidOperationException("The idempotency key's first report vanished.");

        db.AuditLog.Add(audit.Entry(AuditAction.ReportSubmitted, actor.Name, ip, target, $"report {report.Id}: {Describe(report)}"));
        if (direct)
        {
            report.ConfirmDirectly(report.SubmittedAt, null);
            var refused = await ApplyAsync(db, report, station, actor, ct);
            if (refused is not null) return refused;
            db.AuditLog.Add(audit.Entry(AuditAction.StationChanged, actor.Name, ip, target, $"recorded directly, report {report.Id}: {Describe(report)}"));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ReportResult(ReportOutcome.Created, await ViewAsync(db, report.Id, ct));
    }

    public async Task<ReportResult> ConfirmAsync(Actor actor, long reportId, string? comment, string? ip, CancellationToken ct = default)
    {
        var problems = ReportRules.CheckDecision(ReportRules.CommentField, comment, required: false);
        if (problems.Count > 0) return ReportResult.Invalid(problems);
        return await DecideAsync(actor, reportId, ip, async (db, report, target) =>
        {
            var station = report.StationId is { } id ? await LockStationAsync(db, id, ct) : null;
            if (station is not null && station.Version != report.StationVersion)
            {
                return new ReportResult(ReportOutcome.Conflict, await ViewAsync(db, report.Id, ct),
                    Error: $"Station {station.Id} was changed on {station.UpdatedAt:yyyy-MM-dd HH:mm:ss zzz} by {station.UpdatedBy ?? "unknown"} " +
                           $"(version {station.Version}; the report was made against version {report.StationVersion}); check it and submit again. Nothing was applied.",
                    Rule: ReportRule.StationChanged, Changed: new StationChangedSince(station.Version, station.UpdatedAt, station.UpdatedBy));
            }
            report.Confirm(actor.Name, clock.GetUtcNow(), comment);
            var refused = await ApplyAsync(db, report, station, actor, ct);
            if (refused is not null) return refused;
            db.AuditLog.Add(audit.Entry(AuditAction.ReportConfirmed, actor.Name, ip, target,
                $"report {report.Id} by {report.SubmittedBy}: {Describe(report)}{(report.DecisionNote is null ? "" : "; comment: " + report.DecisionNote)}"));
            return null;
        }, ct);
    }

    public async Task<ReportResult> ReturnAsync(Actor actor, long reportId, string? reason, string? ip, CancellationToken ct = default)
    {
        var problems = ReportRules.CheckDecision(ReportRules.ReasonField, reason, required: true);
        if (problems.Count > 0) return ReportResult.Invalid(problems);
        return await DecideAsync(actor, reportId, ip, (db, report, target) =>
        {
            report.Return(actor.Name, clock.GetUtcNow(), reason!);
            db.AuditLog.Add(audit.Entry(AuditAction.ReportReturned, actor.Name, ip, target, $"report {report.Id} by {report.SubmittedBy}: {report.DecisionNote}"));
            return Task.FromResult<ReportResult?>(null);
        }, ct);
    }

    /// <summary>
    /// The shared frame of confirm and return: lock the report, check the actor may decide it and that it is still pending and not
    /// their own, run <paramref name="decide"/> (null: go on and commit; a result: stop, nothing written), commit.
    /// </summary>
    private async Task<ReportResult> DecideAsync(Actor actor, long reportId, string? ip,
        Func<CoverageDbContext, StationReport, string, Task<ReportResult?>> decide, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var report = await db.StationReports.FromSql($"SELECT * FROM station_reports WHERE id = {reportId} FOR UPDATE").SingleOrDefaultAsync(ct);
        if (report is null) return ReportResult.NotFound($"There is no report with id {reportId}.");
        var target = $"report:{report.Id} {report.TownshipCode}";
        if (!actor.CanDecide(report.TownshipCode))
            return await DenyAsync(db, tx, actor, ip, target, "decision", WhyDenied(actor, report.TownshipCode), ct);

        switch (report.CannotDecide(actor.Name))
        {
            case ReportRule.AlreadyDecided:
                return new ReportResult(ReportOutcome.Conflict, await ViewAsync(db, report.Id, ct),
                    Error: $"Report {report.Id} was already {DomainIds.Id(report.State)} by {report.DecidedBy} at {report.DecidedAt:yyyy-MM-dd HH:mm:ss zzz}.",
                    Rule: ReportRule.AlreadyDecided);
            case ReportRule.FourEyes:
                return await DenyAsync(db, tx, actor, ip, target, "decision", ReportRules.Describe(ReportRule.FourEyes), ct, ReportRule.FourEyes);
        }

        var stopped = await decide(db, report, target);
        if (stopped is not null) return stopped;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ReportResult(ReportOutcome.Decided, await ViewAsync(db, report.Id, ct));
    }

    /// <summary>
    /// Applies a confirmed report to its station (or creates the proposed one), naming the actor and report for the triggers first.
    /// Null when applied; otherwise the rule the station refused (nothing is committed then).
    /// </summary>
    private async Task<ReportResult?> ApplyAsync(CoverageDbContext db, StationReport report, Station? station, Actor actor, CancellationToken ct)
    {
        await WriteActor.SetAsync(db, actor.Name, report.Id, ct);
        if (report.Kind == ReportKind.Proposal)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StationIdLockKey})", ct);
            if (await db.Stations.Where(s => s.TownshipCode == report.TownshipCode).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct) is { } other)
            {
                return new ReportResult(ReportOutcome.Conflict, Error: $"Township {report.TownshipCode} got station {other} meanwhile. Nothing was applied.",
                    Rule: ReportRule.TownshipHasStation);
            }
            var id = (await db.Stations.MaxAsync(s => (int?)s.Id, ct) ?? 0) + 1;
            db.Stations.Add(Station.Plan(id, new Domain.Divisions.TownshipCode(report.TownshipCode), report.StationName!, report.Mode!.Value, report.EffectiveOn));
            report.Created(id);
            return null;
        }
        try
        {
            station!.ApplyReport(report.Status, report.EffectiveOn, report.SocialWorkers, report.CertifiedSocialWorkers, report.Services, report.Operator);
            return null;
        }
        catch (StationRuleException e)
        {
            return ReportResult.Invalid([new ReportProblem(ReportRules.EffectiveOnField, ReportRule.EffectiveBeforeLast, e.Message)]);
        }
    }

    public async Task<ReportView?> GetAsync(Actor actor, long reportId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await ViewAsync(db, reportId, ct);
        return view is not null && actor.CanSeeReports(view.TownshipCode) ? view : null;
    }

    public async Task<IReadOnlyList<ReportView>> ListAsync(Actor actor, ReportQuery query, CancellationToken ct = default)
    {
        if (actor.IsDisplay || actor.Role is null) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reports = Scoped(db, actor);
        if (query.State is { } state) reports = reports.Where(r => r.State == state);
        if (query.PrefectureCode is { } prefecture) reports = reports.Where(r => r.PrefectureCode == prefecture);
        if (query.CountyCode is { } county) reports = reports.Where(r => r.CountyCode == county);
        if (query.StationId is { } station) reports = reports.Where(r => r.StationId == station);
        if (query.SubmittedBy is { } by) reports = reports.Where(r => r.SubmittedBy == by);
        var limit = Math.Clamp(query.Limit, 1, ReportQuery.MaxLimit);
        return await Views(db, reports.OrderByDescending(r => r.Id).Take(limit)).ToListAsync(ct);
    }

    public async Task<ReportCounts> CountAsync(Actor actor, CancellationToken ct = default)
    {
        if (!actor.UsesInbox()) return new ReportCounts(0, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow() - ReturnedAttentionWindow;
        var counts = await Scoped(db, actor)
            .Where(r => r.State == ReportState.Pending || r.State == ReportState.Returned && r.DecidedAt >= since)
            .GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(ct);
        var pending = counts.FirstOrDefault(c => c.State == ReportState.Pending)?.Count ?? 0;
        var returned = counts.FirstOrDefault(c => c.State == ReportState.Returned)?.Count ?? 0;
        return new ReportCounts(pending, returned) { Attention = actor.Role == Role.CountyStaff ? returned : pending };
    }

    public async Task<StationDetail?> StationAsync(int stationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await (
            from s in db.Stations.AsNoTracking()
            join t in db.Townships on s.TownshipCode equals t.Code
            join c in db.Counties on t.CountyCode equals c.Code
            join p in db.Prefectures on c.PrefectureCode equals p.Code
            where s.Id == stationId
            select new { Station = s, Township = t.Name, County = c.Code, CountyName = c.Name, Prefecture = p.Code, PrefectureName = p.Name })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : new StationDetail(row.Station.ToRecord(), row.Township, row.County, row.CountyName, row.Prefecture, row.PrefectureName,
            row.Station.Version, row.Station.UpdatedAt, row.Station.UpdatedBy);
    }

    public async Task<IReadOnlyList<StationHistoryEntry>> HistoryAsync(int stationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (
            from e in db.StationEvents.AsNoTracking()
            join r in db.StationReports on e.ReportId equals (long?)r.Id into reports
            from r in reports.DefaultIfEmpty()
            where e.StationId == stationId
            orderby e.Id descending
            select new StationHistoryEntry(e.Id, e.OccurredAt, e.PreviousStatus, e.Status, e.Mode, e.Actor, e.ReportId,
                r == null ? null : r.SubmittedBy, r == null ? null : r.DecidedBy, r == null ? null : r.EffectiveOn))
            .ToListAsync(ct);
    }

    public async Task<(bool Known, int? StationId)> TownshipStationAsync(string townshipCode, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.Townships.AnyAsync(t => t.Code == townshipCode, ct);
        var station = known ? await db.Stations.Where(s => s.TownshipCode == townshipCode).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct) : null;
        return (known, station);
    }

    /// <summary>The first result of a submission with this actor's <see cref="Submission.IdempotencyKey"/>, or null when it is new.</summary>
    private async Task<ReportResult?> ReplayAsync(Actor actor, Submission? submission, CancellationToken ct)
    {
        if (submission?.IdempotencyKey is not { } key) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var first = await db.StationReports.AsNoTracking().Where(r => r.SubmittedBy == actor.Name && r.IdempotencyKey == key)
            .Select(r => new { r.Id, r.RequestHash }).SingleOrDefaultAsync(ct);
        if (first is null) return null;
        if (first.RequestHash != submission.RequestHash)
            return new ReportResult(ReportOutcome.KeyReused, Error: $"The Idempotency-Key was used for report {first.Id} with a different request. Nothing was written.");
        return new ReportResult(ReportOutcome.Replayed, await ViewAsync(db, first.Id, ct));
    }

    /// <summary>Saves the new report (or indicator submission); false when another request with the same idempotency key won the race (its row stands).</summary>
    internal static async Task<bool> TrySaveAsync(CoverageDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var name }
                                          && name?.Contains("idempotency", StringComparison.Ordinal) == true)
        {
            return false;
        }
    }

    private async Task<ReportResult> DenyAsync(CoverageDbContext db, IDbContextTransaction tx, Actor actor, string? ip,
        string target, string what, string reason, CancellationToken ct, ReportRule? rule = null)
    {
        await CommitDenialAsync(db, tx, audit, actor, ip, target, $"{what}: {reason}", ct);
        return ReportResult.Denied(reason, rule);
    }

    /// <summary>A refused write leaves only its <c>writeDenied</c> audit row: whatever the transaction tracked is dropped, the row committed.</summary>
    internal static async Task CommitDenialAsync(CoverageDbContext db, IDbContextTransaction tx, AuditLog audit, Actor actor, string? ip,
        string target, string detail, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.AuditLog.Add(audit.Entry(AuditAction.WriteDenied, actor.Name, ip, target, detail));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static Task<Station?> LockStationAsync(CoverageDbContext db, int id, CancellationToken ct) =>
        db.Stations.FromSql($"SELECT * FROM stations WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);

    private static Task<string> CountyOfAsync(CoverageDbContext db, string townshipCode, CancellationToken ct) =>
        db.Townships.Where(t => t.Code == townshipCode).Select(t => t.CountyCode).SingleAsync(ct);

    private static IQueryable<StationReport> Scoped(CoverageDbContext db, Actor actor)
    {
        var reports = db.StationReports.AsNoTracking();
        return actor.Scope.Code switch
        {
            null => reports,
            { Length: 4 } prefecture => reports.Where(r => r.PrefectureCode == prefecture),
            var county => reports.Where(r => r.CountyCode == county),
        };
    }

    private static Task<ReportView?> ViewAsync(CoverageDbContext db, long id, CancellationToken ct) =>
        Views(db, db.StationReports.AsNoTracking().Where(r => r.Id == id)).SingleOrDefaultAsync(ct);

    private static IQueryable<ReportView> Views(CoverageDbContext db, IQueryable<StationReport> reports) =>
        from r in reports
        join t in db.Townships on r.TownshipCode equals t.Code
        join c in db.Counties on r.CountyCode equals c.Code
        join s in db.Stations on r.StationId equals (int?)s.Id into stations
        from s in stations.DefaultIfEmpty()
        select new ReportView(r.Id, r.Kind, r.State, r.StationId, s != null ? s.Name : r.StationName ?? t.Name, r.TownshipCode, t.Name, r.CountyCode, c.Name,
            r.PrefectureCode, r.PreviousStatus, r.Status, r.Mode, r.EffectiveOn, r.SocialWorkers, r.CertifiedSocialWorkers, r.Services, r.Operator,
            r.Note, r.StationVersion, r.Direct, r.SubmittedBy, r.SubmittedAt, r.DecidedBy, r.DecidedAt, r.DecisionNote);

    private static string Target(Station station) => $"station:{station.Id} {station.TownshipCode}";

    /// <summary>The name a proposed station gets when the proposal names none (the seed's pattern: the township's name + 社会工作服务站).</summary>
    public static string DefaultName(string townshipName) => townshipName + "社会工作服务站";

    private static string Describe(StationReport r) => r.Kind == ReportKind.Proposal
        ? $"new station {r.StationName} ({DomainIds.Id(r.Mode!.Value)}) planned on {r.EffectiveOn:yyyy-MM-dd}"
        : $"{(r.PreviousStatus is { } p ? DomainIds.Id(p) : "?")} → {DomainIds.Id(r.Status)} on {r.EffectiveOn:yyyy-MM-dd}, " +
          $"staff {r.SocialWorkers}/{r.CertifiedSocialWorkers} certified, services {(int)r.Services}";

    private static string WhyDenied(Actor actor, string townshipCode) => actor switch
    {
        { IsDisplay: true } => "a display link is read-only",
        { Role: Role.Viewer } => "the role viewer is read-only",
        { Role: Role.CountyStaff or Role.PrefectureStaff } => $"township {townshipCode} is outside the scope {actor.Scope}",
        { Role: { } role } => $"the role {DomainIds.Id(role)} may not do this",
        _ => "no role",
    };
}

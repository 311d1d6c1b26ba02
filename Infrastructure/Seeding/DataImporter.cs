using System.Security.Cryptography;
using Coverage.Domain.Access;
using Coverage.Domain.Import;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// Loads a folder in the seed-data formats into the database: the first seed of an empty database and every
/// later import take this same path. Files are validated first (<see cref="SeedDataReader"/>), then applied in
/// one transaction; any rejected row rolls everything back and is reported with its file, row and reason.
/// Every import is audited (<see cref="AuditAction.Import"/>): who, the folder, each file's SHA-256 and the counts — in the
/// import's own transaction when it is applied, on its own row when it is rejected. A database failure while applying
/// (a constraint, a lost connection) rolls back too and surfaces as one <see cref="ImportFailedException"/>.
/// </summary>
public sealed class DataImporter(IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, TimeProvider clock, IOptions<ImportLimits> limits,
    ILogger<DataImporter> logger)
{
    /// <summary>The audit actor of the start-up seed of an empty database.</summary>
    public const string SetupActor = "setup";

    /// <summary>
    /// The key of the advisory lock that lets one import run at a time. PostgreSQL's advisory locks share one bigint key
    /// space per database, so the key only has to stay the same here and differ from any other advisory lock taken on
    /// the database; nothing else in this app takes one. 5101 is Chengdu's prefecture code, chosen to be recognisable
    /// in <c>pg_locks</c>, not for any meaning.
    /// </summary>
    private const long ImportLockKey = 5101;

    /// <summary>True when the database holds no divisions yet.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.Prefectures.AnyAsync(ct);
    }

    /// <param name="folder">The folder holding the files.</param>
    /// <param name="actor">Who imports, for the audit log: <see cref="SetupActor"/> for the start-up seed, <c>cli:&lt;OS user&gt;</c> for the CLI,
    /// the user's name for the upload page.</param>
    /// <exception cref="SeedDataException">The files were rejected; nothing was written.</exception>
    /// <exception cref="ImportFailedException">The database failed; nothing was written.</exception>
    public Task<ImportResult> ImportAsync(string folder, string actor, CancellationToken ct) => ImportAsync(folder, actor, null, ct);

    /// <inheritdoc cref="ImportAsync(string, string, CancellationToken)"/>
    /// <param name="source">What the audit row names as the import's target; the folder when null (an upload names its files instead of its temporary folder).</param>
    public async Task<ImportResult> ImportAsync(string folder, string actor, string? source, CancellationToken ct)
    {
        // Hashed before reading, so the audit row names the bytes that were validated (an import is run on files at rest).
        var files = HashFiles(folder);
        try
        {
            return await WithDatabaseErrorsAsync(() => ApplyAsync(folder, actor, source ?? folder, files, commit: true, ct));
        }
        catch (SeedDataException e)
        {
            await AuditRejectedAsync(source ?? folder, actor, files, e.Problems.Count);
            throw;
        }
    }

    /// <summary>
    /// What importing <paramref name="folder"/> would change, worked out by the same code as <see cref="ImportAsync"/> in a
    /// transaction that is rolled back: nothing is written, audited or sent to the screens.
    /// </summary>
    /// <exception cref="SeedDataException">The files would be rejected.</exception>
    /// <exception cref="ImportFailedException">The database failed.</exception>
    public Task<ImportResult> PreviewAsync(string folder, CancellationToken ct) =>
        WithDatabaseErrorsAsync(() => ApplyAsync(folder, "preview", folder, "", commit: false, ct));

    private static async Task<ImportResult> WithDatabaseErrorsAsync(Func<Task<ImportResult>> import)
    {
        try
        {
            return await import();
        }
        catch (Exception e) when (e is DbUpdateException or NpgsqlException or TimeoutException
                                  || e is InvalidOperationException && e.GetBaseException() is NpgsqlException or TimeoutException)
        {
            // The transaction is gone with the connection or rolled back on disposal: nothing was written either way.
            var cause = e.GetBaseException();
            var what = cause is PostgresException pg
                ? $"the database refused the import: {pg.MessageText}{(pg.ConstraintName is { } c ? $" (constraint {c})" : "")}{(pg.TableName is { } t ? $" in table {t}" : "")}"
                : $"the database connection failed during the import: {cause.Message}";
            throw new ImportFailedException($"Import failed, nothing was written: {what.ReplaceLineEndings(" ")}", e);
        }
    }

    private async Task<ImportResult> ApplyAsync(string folder, string actor, string auditTarget, string files, bool commit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One importer at a time: two concurrent imports would validate against each other's stale state.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ImportLockKey})", ct);
        // The station-event trigger records who changed each station: the importer, by the file the changes come from.
        await WriteActor.SetAsync(db, "import:" + SeedDataReader.StationsFile, null, ct);

        var known = new KnownDivisions();
        known.Prefectures.UnionWith(await db.Prefectures.Select(p => p.Code).ToListAsync(ct));
        known.Counties.UnionWith(await db.Counties.Select(c => c.Code).ToListAsync(ct));
        foreach (var t in await db.Townships.Select(t => new { t.Code, t.CountyCode }).ToListAsync(ct))
            known.Townships[t.Code] = t.CountyCode;
        foreach (var i in await db.Indicators.AsNoTracking().ToListAsync(ct))
            known.Indicators[i.Id] = i.ToIndicator();
        var firstSeed = known.Prefectures.Count == 0;

        var set = SeedDataReader.Read(folder, known, requireAll: firstSeed, limits.Value);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var problems = new List<SeedProblem>();

        await MergeAsync(db.Prefectures, set.Prefectures, p => p.Code, (stored, p) => stored.Rename(p.Name), ct);

        var counties = await MergeAsync(db.Counties, set.Counties, c => c.Code, (stored, c) => stored.Describe(c.Name, c.Kind), ct);
        foreach (var (code, boundary) in set.CountyBoundaries)
            counties[code].ReplaceBoundary(boundary.Geometry, boundary.Flag);

        var townships = await MergeAsync(db.Townships, set.Townships, t => t.Code, (stored, t) => stored.Describe(t.Name, t.Kind), ct);
        foreach (var (code, boundary) in set.TownshipBoundaries)
            townships[code].ReplaceBoundary(boundary.Geometry, boundary.Flag);

        var stations = await db.Stations.ToDictionaryAsync(s => s.Id, ct);
        var stationByTownship = stations.Values.ToDictionary(s => s.TownshipCode, s => s.Id);
        var changedStations = 0;
        var addedStations = 0;
        foreach (var record in set.Stations)
        {
            try
            {
                if (stations.TryGetValue(record.Id, out var existing))
                {
                    existing.Update(record, today);
                    if (existing.Changes.Count > 0) changedStations++;
                }
                else if (stationByTownship.TryGetValue(record.TownshipCode.Value, out var other))
                    problems.Add(new SeedProblem(SeedDataReader.StationsFile, $"station {record.Id}", $"township {record.TownshipCode} already has station {other}"));
                else
                {
                    db.Stations.Add(Station.Restore(record));
                    addedStations++;
                }
            }
            catch (StationRuleException e)
            {
                problems.Add(new SeedProblem(SeedDataReader.StationsFile, $"station {record.Id}", e.Message));
            }
        }

        var targets = await db.PlanTargets.ToListAsync(ct);
        foreach (var target in set.PlanTargets)
        {
            var existing = targets.FirstOrDefault(t => t.PrefectureCode == target.PrefectureCode && t.Year == target.Year);
            if (existing is not null) db.PlanTargets.Remove(existing);
            db.PlanTargets.Add(target);
        }

        await ApplyIndicatorsAsync(db, set, ct);

        if (problems.Count > 0) throw new SeedDataException(problems);

        if (set.Dataset is { } d)
        {
            db.Datasets.Add(new DatasetInfo
            {
                Name = d.Name, ReferenceDate = d.ReferenceDate, Datum = d.Datum, SourcesJson = d.SourcesJson, LoadedAt = clock.GetUtcNow(),
            });
        }

        var result = new ImportResult(set.Prefectures.Count, set.Counties.Count, set.Townships.Count, set.CountyBoundaries.Count,
            set.TownshipBoundaries.Count, set.Stations.Count, set.PlanTargets.Count, changedStations, addedStations,
            set.Indicators.Count, set.IndicatorValues.Count);
        if (commit) db.AuditLog.Add(audit.Entry(AuditAction.Import, actor, null, auditTarget, $"{files}; imported {result}"));

        // Divisions first so that stations' foreign keys and the event trigger's township lookup find them.
        await db.SaveChangesAsync(ct);
        if (set.CountyBoundaries.Count > 0 || set.Counties.Count > 0)
            await db.Database.ExecuteSqlRawAsync(SpatialSql.DissolvePrefectures, ct);
        if (!commit)
        {
            await tx.RollbackAsync(ct);
            return result;
        }
        await tx.CommitAsync(ct);

        logger.LogInformation("Imported {Target}: {Result}", auditTarget, result);
        return result;
    }

    /// <summary>
    /// Indicators are replaced by id (an indicator keeps its place on the board; new ones go after the stored ones, in file order)
    /// and values by indicator, scope and year. Nothing is deleted that the files do not name.
    /// </summary>
    private static async Task ApplyIndicatorsAsync(CoverageDbContext db, SeedDataSet set, CancellationToken ct)
    {
        if (set.Indicators.Count == 0 && set.IndicatorValues.Count == 0) return;
        var stored = await db.Indicators.ToDictionaryAsync(i => i.Id, StringComparer.Ordinal, ct);
        var next = stored.Count == 0 ? 0 : stored.Values.Max(i => i.Position) + 1;
        foreach (var indicator in set.Indicators)
        {
            if (stored.TryGetValue(indicator.Id, out var existing))
            {
                var position = existing.Position;
                db.Entry(existing).CurrentValues.SetValues(Indicators.IndicatorRow.From(indicator, position));
            }
            else db.Indicators.Add(Indicators.IndicatorRow.From(indicator, next++));
        }

        var values = await db.IndicatorValues.ToDictionaryAsync(v => (v.IndicatorId, v.Scope, v.Year), ct);
        foreach (var value in set.IndicatorValues)
        {
            if (values.TryGetValue((value.IndicatorId, value.Scope, value.Year), out var existing))
                db.Entry(existing).CurrentValues.SetValues(Indicators.IndicatorValueRow.From(value));
            else db.IndicatorValues.Add(Indicators.IndicatorValueRow.From(value));
        }
    }

    /// <summary>
    /// The files of <paramref name="folder"/> an import reads, each with the SHA-256 of its content, as the audit row's detail
    /// begins: <c>files prefectures.csv sha256:…, stations.csv sha256:…</c> (at most the ten known files, so it stays short).
    /// </summary>
    public static string HashFiles(string folder)
    {
        var hashed = new List<string>();
        foreach (var file in SeedDataReader.Files)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) continue;
            try
            {
                using var stream = File.OpenRead(path);
                hashed.Add($"{file} sha256:{Convert.ToHexStringLower(SHA256.HashData(stream))}");
            }
            catch (IOException)
            {
                hashed.Add($"{file} unreadable");
            }
            catch (UnauthorizedAccessException)
            {
                hashed.Add($"{file} unreadable");
            }
        }
        return hashed.Count == 0 ? "files none" : "files " + string.Join(", ", hashed);
    }

    /// <summary>A rejected import wrote nothing, but who tried to import what is still recorded (best effort: the rejection is what the caller needs).</summary>
    private async Task AuditRejectedAsync(string target, string actor, string files, int problems)
    {
        try
        {
            await audit.WriteAsync(AuditAction.Import, actor, null, target, $"{files}; rejected with {problems} problem(s), nothing written");
        }
        catch (Exception e) when (e is NpgsqlException or DbUpdateException or TimeoutException)
        {
            // One line: the operator is reading the rejection, not a stack trace.
            logger.LogWarning("Could not audit the rejected import of {Target}: {Reason}", target, e.GetBaseException().Message);
        }
    }

    /// <summary>
    /// Adds the divisions of <paramref name="incoming"/> that are not stored yet and lets <paramref name="update"/> bring
    /// the stored ones up to date; returns every division of the table by code, the added ones included.
    /// </summary>
    private static async Task<Dictionary<string, T>> MergeAsync<T>(DbSet<T> table, IEnumerable<T> incoming, Func<T, string> code,
        Action<T, T> update, CancellationToken ct) where T : class
    {
        var stored = await table.ToDictionaryAsync(code, ct);
        foreach (var division in incoming)
        {
            if (stored.TryGetValue(code(division), out var existing)) update(existing, division);
            else { table.Add(division); stored[code(division)] = division; }
        }
        return stored;
    }
}

using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Data.Sql;

/// <summary>
/// Who writes, as the database triggers record it. The app names the writer of a station change inside its own transaction
/// (<c>set_config(…, is_local =&gt; true)</c>, so it ends with the transaction and never leaks through the connection pool):
/// a user's name, <c>import:&lt;file&gt;</c> for the importer, <c>demo:&lt;feed&gt;</c> for the synthetic feed. A writer that
/// sets nothing — plain SQL from outside — is recorded as <c>sql:&lt;database role&gt;</c> by the trigger itself.
/// </summary>
public static class WriteActor
{
    /// <summary>The transaction-local setting the triggers read the actor from.</summary>
    public const string ActorSetting = "coverage.actor";

    /// <summary>The transaction-local setting the event trigger reads the report id from (empty: no report).</summary>
    public const string ReportSetting = "coverage.report";

    /// <summary>The longest actor the columns hold; longer names are cut.</summary>
    public const int MaxLength = 200;

    /// <summary>Names the writer (and the report it applies, if any) for the rest of the current transaction.</summary>
    public static async Task SetAsync(DbContext db, string actor, long? reportId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The write actor is transaction-local: begin the transaction first.");
        var name = actor.Length <= MaxLength ? actor : actor[..MaxLength];
        var report = reportId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        await db.Database.ExecuteSqlAsync($"SELECT set_config('coverage.actor', {name}, true), set_config('coverage.report', {report}, true)", ct);
    }
}

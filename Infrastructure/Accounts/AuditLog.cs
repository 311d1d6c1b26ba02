using Coverage.Domain.Access;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Accounts;

/// <summary>Appends to the audit log (<c>audit_log</c>, append-only: a trigger refuses UPDATE and DELETE).</summary>
public sealed class AuditLog(IDbContextFactory<CoverageDbContext> dbFactory, TimeProvider clock) : IAuditLog
{
    public const int MaxField = 256;

    public async Task WriteAsync(AuditAction action, string? actor, string? ip, string? target = null, string? detail = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditLog.Add(Entry(action, actor, ip, target, detail));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An entry to add in the caller's own transaction, so the change and its audit row commit together.</summary>
    public AuditEntry Entry(AuditAction action, string? actor, string? ip, string? target = null, string? detail = null) => new()
    {
        At = clock.GetUtcNow(),
        Action = action,
        Actor = Cap(actor, MaxField),
        Ip = Cap(ip, 64),
        Target = Cap(target, MaxField),
        Detail = Cap(detail, 2000),
    };

    public async Task<AuditPage> QueryAsync(AuditQuery query, int skip, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = query.Apply(db.AuditLog.AsNoTracking());
        return new AuditPage(await entries.Skip(skip).Take(take).ToListAsync(ct), await entries.CountAsync(ct));
    }

    public async IAsyncEnumerable<AuditEntry> ReadAsync(AuditQuery query, int max, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var entry in query.Apply(db.AuditLog.AsNoTracking()).Take(max).AsAsyncEnumerable().WithCancellation(ct))
            yield return entry;
    }

    private static string? Cap(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}


using System.Collections.Frozen;
using Coverage.Domain.Access;
using Coverage.Domain.Divisions;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Accounts;

/// <summary>
/// Wall display links: created by a province admin, opened with no login prompt, read-only in one scope, revocable.
/// <see cref="IsActive"/> answers from memory, refreshed from the database at least every <see cref="RefreshInterval"/>
/// (and at once on this node's own revocations), so every node stops a revoked wall within seconds.
/// </summary>
public sealed class DisplayLinks(IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, AccountChanges changes, TimeProvider clock) : IDisplayLinks
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);
    public const int MaxRotateSeconds = AccountLimits.MaxRotateSeconds;

    private volatile FrozenSet<int> _active = FrozenSet<int>.Empty;
    private long _refreshedAt;
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public async Task<CreatedSecret<DisplayLink>> CreateAsync(string name, string? scopeCode, int? rotateSeconds, string actor, string? ip, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100) throw new ArgumentException("a display needs a name of 1 to 100 characters", nameof(name));
        scopeCode = string.IsNullOrWhiteSpace(scopeCode) ? null : scopeCode.Trim();
        if (scopeCode is not null && !PrefectureCode.IsValid(scopeCode)) throw new ArgumentException("a display's scope is the province or a 4-digit prefecture code", nameof(scopeCode));
        if (rotateSeconds is < AccountLimits.MinRotateSeconds or > MaxRotateSeconds) throw new ArgumentException($"rotate must be {AccountLimits.MinRotateSeconds} to {MaxRotateSeconds} seconds", nameof(rotateSeconds));
        var secret = SecretTokens.New(SecretTokens.DisplayPrefix);
        var link = new DisplayLink
        {
            Name = name, ScopeCode = scopeCode, RotateSeconds = rotateSeconds, Hash = SecretTokens.Hash(secret),
            Prefix = SecretTokens.Shown(secret), CreatedBy = actor, CreatedAt = clock.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (scopeCode is not null && !await db.Prefectures.AnyAsync(p => p.Code == scopeCode, ct))
            throw new ArgumentException($"unknown prefecture {scopeCode}", nameof(scopeCode));
        // The audit row names the link's id, which the first save assigns: both saves commit together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.DisplayLinks.Add(link);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(audit.Entry(AuditAction.DisplayCreated, actor, ip, $"display:{link.Id} {name}", $"scope {scopeCode ?? "province"}; rotate {rotateSeconds}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await RefreshAsync(ct);
        return new(secret, link);
    }

    public async Task<IReadOnlyList<DisplayLink>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DisplayLinks.AsNoTracking().OrderByDescending(d => d.Id).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(int id, string actor, string? ip, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var link = await db.DisplayLinks.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (link is null || link.RevokedAt is not null) return false;
        link.RevokedAt = clock.GetUtcNow();
        db.AuditLog.Add(audit.Entry(AuditAction.DisplayRevoked, actor, ip, $"display:{link.Id} {link.Name}"));
        await db.SaveChangesAsync(ct);
        await RefreshAsync(ct);
        changes.Raise();
        return true;
    }

    /// <summary>The active link for a presented secret, or null; records when and from where it was last seen (first use audited).</summary>
    public async Task<DisplayLink?> FindActiveAsync(string secret, string? ip, CancellationToken ct = default)
    {
        if (!SecretTokens.LooksLike(secret, SecretTokens.DisplayPrefix)) return null;
        var hash = SecretTokens.Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var link = await db.DisplayLinks.SingleOrDefaultAsync(d => d.Hash == hash, ct);
        if (link is null || !link.IsActive) return null;
        await SeenAsync(db, link, ip, ct);
        return link;
    }

    /// <summary>Records that display <paramref name="id"/> is in use (an open wall's circuit or hub connection).</summary>
    public async Task SeenAsync(int id, string? ip, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.DisplayLinks.SingleOrDefaultAsync(d => d.Id == id, ct) is { } link) await SeenAsync(db, link, ip, ct);
    }

    private async Task SeenAsync(CoverageDbContext db, DisplayLink link, string? ip, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (link.LastSeenAt is not null && now - link.LastSeenAt < SeenResolution && link.LastSeenIp == ip) return;
        if (link.LastSeenAt is null) db.AuditLog.Add(audit.Entry(AuditAction.DisplayFirstUsed, $"display:{link.Name}", ip, $"display:{link.Id} {link.Name}"));
        link.LastSeenAt = now;
        link.LastSeenIp = ip;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether display <paramref name="id"/> is still active, from memory (refreshed every few seconds).</summary>
    public async ValueTask<bool> IsActiveAsync(int id, CancellationToken ct = default)
    {
        var refreshedAt = Interlocked.Read(ref _refreshedAt);
        if (refreshedAt == 0 || clock.GetElapsedTime(refreshedAt) > RefreshInterval) await RefreshAsync(ct);
        return _active.Contains(id);
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            _active = (await db.DisplayLinks.Where(d => d.RevokedAt == null).Select(d => d.Id).ToListAsync(ct)).ToFrozenSet();
            Interlocked.Exchange(ref _refreshedAt, clock.GetTimestamp());
        }
        finally
        {
            _refreshing.Release();
        }
    }
}

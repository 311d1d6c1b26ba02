using Coverage.Domain.Access;
using Coverage.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Accounts;

/// <summary>Personal access tokens: created and revoked by their user (or a province admin), stored hashed, optional expiry.</summary>
public sealed class AccessTokens(IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, AccountChanges changes, TimeProvider clock) : IAccessTokens
{
    public const int MaxDays = AccountLimits.MaxTokenDays;

    /// <summary>Seconds between two writes of a token's last-used time and IP.</summary>
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedSecret<AccessToken>> CreateAsync(string userId, string name, int? days, string actor, string? ip, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100) throw new ArgumentException("a token needs a name of 1 to 100 characters", nameof(name));
        if (days is < 1 or > MaxDays) throw new ArgumentException($"expiry must be 1 to {MaxDays} days", nameof(days));
        var secret = SecretTokens.New(SecretTokens.PersonalPrefix);
        var now = clock.GetUtcNow();
        var token = new AccessToken
        {
            UserId = userId, Name = name, Hash = SecretTokens.Hash(secret), Prefix = SecretTokens.Shown(secret),
            CreatedAt = now, ExpiresAt = days is { } d ? now.AddDays(d) : null,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct) ?? throw new ArgumentException("no such user", nameof(userId));
        token.UserEmail = user.Email;
        db.AccessTokens.Add(token);
        db.AuditLog.Add(audit.Entry(AuditAction.TokenCreated, actor, ip, $"token:{name}", $"user {user.Email}; expires {token.ExpiresAt:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        return new(secret, token);
    }

    public async Task<IReadOnlyList<AccessToken>> ListAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tokens = db.AccessTokens.AsNoTracking().AsQueryable();
        if (userId is not null) tokens = tokens.Where(t => t.UserId == userId);
        var rows = await tokens.OrderByDescending(t => t.Id)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.Email }).ToListAsync(ct);
        foreach (var row in rows) row.Token.UserEmail = row.Email;
        return rows.Select(r => r.Token).ToList();
    }

    /// <summary>Revokes token <paramref name="id"/>; only its own user may, unless <paramref name="userId"/> is null (an admin or the CLI).
    /// False when there is no such active token.</summary>
    public async Task<bool> RevokeAsync(int id, string? userId, string actor, string? ip, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == id && (userId == null || t.UserId == userId), ct);
        if (token is null || token.RevokedAt is not null) return false;
        token.RevokedAt = clock.GetUtcNow();
        var owner = await db.Users.Where(u => u.Id == token.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        db.AuditLog.Add(audit.Entry(AuditAction.TokenRevoked, actor, ip, $"token:{token.Id} {token.Name}", $"user {owner}"));
        await db.SaveChangesAsync(ct);
        changes.Raise();
        return true;
    }

    /// <summary>The enabled user of an active token for a presented secret and when the token expires, or null; records the
    /// token's use (first use audited).</summary>
    public async Task<(DashboardUser User, DateTimeOffset? ExpiresAt)?> FindUserAsync(string secret, string? ip, CancellationToken ct = default)
    {
        if (!SecretTokens.LooksLike(secret, SecretTokens.PersonalPrefix)) return null;
        var hash = SecretTokens.Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.AccessTokens.Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u }).SingleOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        if (found is null || !found.Token.IsActive(now) || found.User.IsDisabled) return null;
        var token = found.Token;
        if (token.LastUsedAt is null || now - token.LastUsedAt > SeenResolution || token.LastUsedIp != ip)
        {
            if (token.LastUsedAt is null)
                db.AuditLog.Add(audit.Entry(AuditAction.TokenFirstUsed, found.User.Email, ip, $"token:{token.Id} {token.Name}"));
            token.LastUsedAt = now;
            token.LastUsedIp = ip;
            await db.SaveChangesAsync(ct);
        }
        return (found.User, token.ExpiresAt);
    }
}

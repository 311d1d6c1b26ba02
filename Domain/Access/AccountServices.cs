namespace Coverage.Domain.Access;

/// <summary>Creating and changing accounts — the same for the admin pages and the operations CLI, each change audited.</summary>
public interface IUserAccounts
{
    Task<AccountResult> CreateAsync(string email, Role role, string? scopeCode, string password, string actor, string? ip);
    Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default);
    Task<UserAccount?> FindAsync(string email);
    Task<AccountResult> ChangeRoleAsync(string email, Role role, string? scopeCode, string actor, string? ip);
    Task<AccountResult> SetDisabledAsync(string email, bool disabled, string actor, string? ip);
    Task<AccountResult> ResetPasswordAsync(string email, string password, string actor, string? ip);
    Task<AccountResult> ChangeOwnPasswordAsync(string userId, string current, string password, string? ip);
}

/// <summary>Personal access tokens: the secret is shown once, only its hash is kept.</summary>
public interface IAccessTokens
{
    Task<CreatedSecret<AccessToken>> CreateAsync(string userId, string name, int? days, string actor, string? ip, CancellationToken ct = default);
    /// <summary>The tokens of <paramref name="userId"/>, or everyone's when null.</summary>
    Task<IReadOnlyList<AccessToken>> ListAsync(string? userId, CancellationToken ct = default);
    /// <summary>Revokes a token of <paramref name="userId"/> (any user's when null); false when there is no such active token.</summary>
    Task<bool> RevokeAsync(int id, string? userId, string actor, string? ip, CancellationToken ct = default);
}

/// <summary>Wall display links.</summary>
public interface IDisplayLinks
{
    Task<CreatedSecret<DisplayLink>> CreateAsync(string name, string? scopeCode, int? rotateSeconds, string actor, string? ip, CancellationToken ct = default);
    Task<IReadOnlyList<DisplayLink>> ListAsync(CancellationToken ct = default);
    Task<bool> RevokeAsync(int id, string actor, string? ip, CancellationToken ct = default);
    /// <summary>Whether the link is still active (answered from memory, at most a few seconds old).</summary>
    ValueTask<bool> IsActiveAsync(int id, CancellationToken ct = default);
}

/// <summary>The append-only audit log.</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditAction action, string? actor, string? ip, string? target = null, string? detail = null, CancellationToken ct = default);
    Task<AuditPage> QueryAsync(AuditQuery query, int skip, int take, CancellationToken ct = default);
    /// <summary>The first <paramref name="max"/> matching entries, newest first, read as one stream (for exports).</summary>
    IAsyncEnumerable<AuditEntry> ReadAsync(AuditQuery query, int max, CancellationToken ct = default);
}

/// <summary>One page of audit entries, newest first, and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>A page of audit entries, newest first, and the filter that chose them.</summary>
public sealed record AuditQuery(DateTimeOffset? From = null, DateTimeOffset? To = null, AuditAction? Action = null, string? Actor = null, string? Target = null)
{
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (From is { } from) entries = entries.Where(e => e.At >= from);
        if (To is { } to) entries = entries.Where(e => e.At < to);
        if (Action is { } action) entries = entries.Where(e => e.Action == action);
        if (!string.IsNullOrWhiteSpace(Actor)) entries = entries.Where(e => e.Actor != null && e.Actor.Contains(Actor));
        if (!string.IsNullOrWhiteSpace(Target)) entries = entries.Where(e => e.Target != null && e.Target.Contains(Target));
        return entries.OrderByDescending(e => e.Id);
    }
}

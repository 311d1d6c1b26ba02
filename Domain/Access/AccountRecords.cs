namespace Coverage.Domain.Access;

/// <summary>The caps on what a person types into account forms (and the password policy's length: at least 10, upper, lower and digits).</summary>
public static class AccountLimits
{
    public const int MaxEmail = 256;
    public const int MinPassword = 10;
    public const int MaxPassword = 128;
    public const int MaxName = 100;
    /// <summary>The longest a personal access token may live.</summary>
    public const int MaxTokenDays = 366;
    /// <summary>A display link's rotation step, in seconds.</summary>
    public const int MinRotateSeconds = 5;
    public const int MaxRotateSeconds = 3600;
}

/// <summary>A user account as the pages and the CLI see it (the stored user is an ASP.NET Core Identity user).</summary>
public sealed record UserAccount(string Id, string Email, Role Role, string? ScopeCode, bool IsDisabled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt)
{
    public AccessScope Scope => AccessScope.TryParse(ScopeCode, out var scope) ? scope : AccessScope.Province;
}

/// <summary>The outcome of an account operation: done, or the reasons it was refused (nothing changed).</summary>
public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, UserAccount? User = null)
{
    public static AccountResult Ok(UserAccount user) => new(true, [], user);
    public static AccountResult Fail(params string[] errors) => new(false, errors);
    public override string ToString() => Succeeded ? "ok" : string.Join("; ", Errors);
}

/// <summary>A token just created: the secret, shown once and never again, and its stored row.</summary>
public sealed record CreatedSecret<T>(string Secret, T Row);

/// <summary>A personal access token: the user's own rights for scripts and integrations. Only its SHA-256 is stored.</summary>
public sealed class AccessToken
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>The owner's e-mail, filled in when tokens are listed (not stored).</summary>
    public string? UserEmail { get; set; }
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    /// <summary>The first characters of the token, shown in lists so a user can tell tokens apart.</summary>
    public string Prefix { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastUsedIp { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A wall display link (<c>/wall?display=&lt;token&gt;</c>): read-only, one scope, no login prompt. Only its SHA-256 is stored.</summary>
public sealed class DisplayLink
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The prefecture code the display shows, or null for the province.</summary>
    public string? ScopeCode { get; set; }
    /// <summary>Seconds between rotation steps (province → each prefecture), or null for none.</summary>
    public int? RotateSeconds { get; set; }
    public string Hash { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public string? LastSeenIp { get; set; }

    public bool IsActive => RevokedAt is null;

    public AccessScope Scope => AccessScope.TryParse(ScopeCode, out var scope) ? scope : AccessScope.Province;

    public Actor ToActor() => new(Name, null, Scope, IsDisplay: true);
}

/// <summary>One row of the append-only audit log (a trigger refuses UPDATE and DELETE).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditAction Action { get; set; }
    /// <summary>Who: a user name (e-mail), <c>display:&lt;name&gt;</c>, <c>cli</c>, or the name tried at a failed sign-in.</summary>
    public string? Actor { get; set; }
    public string? Ip { get; set; }
    /// <summary>What it was done to: a user, a token id, a display id, a station, an import folder.</summary>
    public string? Target { get; set; }
    public string? Detail { get; set; }
}

using Coverage.Domain.Access;
using Microsoft.AspNetCore.Identity;

namespace Coverage.Infrastructure.Accounts;

/// <summary>A person who signs in: an ASP.NET Core Identity user with one role and, below province, one division code.</summary>
public sealed class DashboardUser : IdentityUser
{
    public Role Role { get; set; } = Role.Viewer;

    /// <summary>The prefecture (4 digits) or county (6 digits) code, or null for the province.</summary>
    public string? ScopeCode { get; set; }

    /// <summary>A disabled user cannot sign in, and their cookies and tokens stop working.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public AccessScope Scope => AccessScope.TryParse(ScopeCode, out var scope) ? scope : AccessScope.Province;

    public Actor ToActor() => new(UserName ?? Id, Role, Scope);

    public UserAccount ToAccount() => new(Id, Email ?? UserName ?? Id, Role, ScopeCode, IsDisabled, LockoutEnd, CreatedAt);
}


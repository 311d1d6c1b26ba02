using Coverage.Domain.Access;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Coverage.Infrastructure.Accounts;

/// <summary>
/// Creating and changing accounts, the same for the admin pages and the operations CLI: the role/scope rule, the
/// password policy (Identity's validators), and one audit row per change.
/// </summary>
public sealed class UserAccounts(UserManager<DashboardUser> users, IDbContextFactory<CoverageDbContext> dbFactory, AuditLog audit, AccountChanges changes, TimeProvider clock)
    : IUserAccounts
{
    public async Task<AccountResult> CreateAsync(string email, Role role, string? scopeCode, string password, string actor, string? ip)
    {
        email = email.Trim();
        if (email.Length is 0 or > AccountLimits.MaxEmail || !email.Contains('@')) return AccountResult.Fail("an e-mail address is needed as the user name");
        if (await CheckScopeAsync(role, scopeCode) is { } error) return AccountResult.Fail(error);
        if (await users.FindByEmailAsync(email) is not null) return AccountResult.Fail($"a user {email} already exists");
        var user = new DashboardUser
        {
            UserName = email, Email = email, EmailConfirmed = true, Role = role, ScopeCode = Normalize(scopeCode),
            CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) await audit.WriteAsync(AuditAction.UserCreated, actor, ip, email, $"role {DomainIds.Id(role)}; scope {user.ScopeCode ?? "province"}");
        return From(result, user);
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct)).Select(u => u.ToAccount()).ToList();
    }

    public async Task<UserAccount?> FindAsync(string email) => (await users.FindByEmailAsync(email.Trim()))?.ToAccount();

    public async Task<AccountResult> ChangeRoleAsync(string email, Role role, string? scopeCode, string actor, string? ip)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user) return AccountResult.Fail($"no user {email}");
        if (await CheckScopeAsync(role, scopeCode) is { } error) return AccountResult.Fail(error);
        if (user.Role == Role.ProvinceAdmin && role != Role.ProvinceAdmin && await IsLastAdminAsync(user))
            return AccountResult.Fail("the last active province admin cannot lose the role");
        var before = $"{DomainIds.Id(user.Role)} {user.ScopeCode ?? "province"}";
        user.Role = role;
        user.ScopeCode = Normalize(scopeCode);
        var result = await users.UpdateAsync(user);
        // A new security stamp signs the user out everywhere within the revalidation interval, so old rights end.
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
        if (result.Succeeded) changes.Raise();
        if (result.Succeeded) await audit.WriteAsync(AuditAction.RoleChanged, actor, ip, user.Email, $"{before} → {DomainIds.Id(role)} {user.ScopeCode ?? "province"}");
        return From(result, user);
    }

    public async Task<AccountResult> SetDisabledAsync(string email, bool disabled, string actor, string? ip)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user) return AccountResult.Fail($"no user {email}");
        if (disabled && user.Role == Role.ProvinceAdmin && await IsLastAdminAsync(user))
            return AccountResult.Fail("the last active province admin cannot be disabled");
        user.IsDisabled = disabled;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(user);
        if (result.Succeeded) changes.Raise();
        if (result.Succeeded) await audit.WriteAsync(disabled ? AuditAction.UserDisabled : AuditAction.UserEnabled, actor, ip, user.Email);
        return From(result, user);
    }

    public async Task<AccountResult> ResetPasswordAsync(string email, string password, string actor, string? ip)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user) return AccountResult.Fail($"no user {email}");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            changes.Raise();
            await audit.WriteAsync(AuditAction.PasswordReset, actor, ip, user.Email);
        }
        return From(result, user);
    }

    public async Task<AccountResult> ChangeOwnPasswordAsync(string userId, string current, string password, string? ip)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return AccountResult.Fail("no such user");
        var result = await users.ChangePasswordAsync(user, current, password);
        if (result.Succeeded) await audit.WriteAsync(AuditAction.PasswordChanged, user.Email, ip, user.Email);
        return From(result, user);
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AnyAsync(ct);
    }

    private async Task<bool> IsLastAdminAsync(DashboardUser user)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return !await db.Users.AnyAsync(u => u.Id != user.Id && u.Role == Role.ProvinceAdmin && !u.IsDisabled);
    }

    /// <summary>The role/scope rule and that the division exists; null when fine.</summary>
    private async Task<string?> CheckScopeAsync(Role role, string? scopeCode)
    {
        if (!AccessScope.TryParse(scopeCode, out var scope)) return $"'{scopeCode}' is not a prefecture (4-digit) or county (6-digit) code";
        if (AccessScope.Check(role, scope) is { } rule) return rule;
        if (scope.Code is null) return null;
        await using var db = await dbFactory.CreateDbContextAsync();
        var exists = scope.Code.Length == 4
            ? await db.Prefectures.AnyAsync(p => p.Code == scope.Code)
            : await db.Counties.AnyAsync(c => c.Code == scope.Code);
        return exists ? null : $"no division with code {scope.Code}";
    }

    private static AccountResult From(IdentityResult result, DashboardUser user) =>
        result.Succeeded ? AccountResult.Ok(user.ToAccount()) : new(false, result.Errors.Select(e => e.Description).ToList());

    private static string? Normalize(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim();
}

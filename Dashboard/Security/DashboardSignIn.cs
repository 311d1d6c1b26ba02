using System.Security.Claims;
using Coverage.Domain.Access;
using Coverage.Infrastructure.Accounts;
using Coverage.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coverage.Dashboard.Security;

/// <summary>Adds the role and scope to the cookie's principal, so every request knows them without a query.</summary>
public sealed class DashboardClaimsFactory(UserManager<DashboardUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DashboardUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaims(DashboardClaims.ForUser(user));
        identity.AddClaim(new Claim(DashboardClaims.Method, "cookie"));
        return identity;
    }
}

/// <summary>A disabled user cannot sign in (and their security stamp changed, so existing cookies stop at the next check).</summary>
public sealed class DashboardSignInManager(
    UserManager<DashboardUser> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<DashboardUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<DashboardUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<DashboardUser> confirmation)
    : SignInManager<DashboardUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(DashboardUser user) => !user.IsDisabled && await base.CanSignInAsync(user);
}

/// <summary>What a sign-in attempt came to. Unknown user and wrong password are one outcome, shown with one message.</summary>
public enum SignInOutcome { SignedIn, Invalid, LockedOut }

/// <summary>
/// The password sign-in with the lockout rule: 5 failed attempts for one name within 5 minutes lock it for 15 minutes —
/// counted from the audit log, so an unknown name locks exactly like a real one and the two cannot be told apart.
/// Every attempt is audited.
/// </summary>
public sealed class SignInGuard(
    SignInManager<DashboardUser> signIn, UserManager<DashboardUser> users, IUserAccounts accounts, IDbContextFactory<CoverageDbContext> dbFactory,
    AuditLog audit, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    public async Task<(SignInOutcome Outcome, Actor? User)> SignInAsync(string email, string password, bool remember, string? ip)
    {
        email = email.Trim();
        var name = email.ToLowerInvariant();
        var user = await users.FindByEmailAsync(email);
        if (user is not null ? await users.IsLockedOutAsync(user) : await NameLockedAsync(name))
        {
            await audit.WriteAsync(AuditAction.SignInFailed, name, ip, name, "locked out");
            return (SignInOutcome.LockedOut, null);
        }
        var check = user is null ? SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
        if (!check.Succeeded)
        {
            await audit.WriteAsync(AuditAction.SignInFailed, name, ip, name, user is null ? "unknown user" : user.IsDisabled ? "disabled" : "wrong password");
            if (await RecentFailuresAsync(name) < MaxFailures) return (SignInOutcome.Invalid, null);
            if (user is not null) await users.SetLockoutEndDateAsync(user, clock.GetUtcNow() + LockoutTime);
            await audit.WriteAsync(AuditAction.LockedOut, name, ip, name, $"{MaxFailures} failed sign-ins within {Window.TotalMinutes:0} minutes");
            return (SignInOutcome.LockedOut, null);
        }
        await signIn.SignInAsync(user!, isPersistent: remember);
        await audit.WriteAsync(AuditAction.SignIn, user!.Email, ip, name);
        return (SignInOutcome.SignedIn, user.ToActor());
    }

    /// <summary>Changes the signed-in user's own password; this browser stays signed in, every other session ends.</summary>
    public async Task<AccountResult> ChangePasswordAsync(ClaimsPrincipal principal, string current, string password, string? ip)
    {
        if (await users.GetUserAsync(principal) is not { } user) return AccountResult.Fail("not signed in");
        var result = await accounts.ChangeOwnPasswordAsync(user.Id, current, password, ip);
        if (result.Succeeded && await users.FindByIdAsync(user.Id) is { } changed) await signIn.RefreshSignInAsync(changed);
        return result;
    }

    public async Task SignOutAsync(ClaimsPrincipal principal, string? ip)
    {
        await signIn.SignOutAsync();
        if (principal.Identity?.IsAuthenticated == true) await audit.WriteAsync(AuditAction.SignOut, principal.Identity.Name, ip, principal.Identity.Name);
    }

    // An unknown name is locked out like a real user (Identity's lockout end), so the two cannot be told apart.
    private async Task<bool> NameLockedAsync(string name)
    {
        var since = clock.GetUtcNow() - LockoutTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AuditLog.AnyAsync(e => e.Target == name && e.Action == AuditAction.LockedOut && e.At > since);
    }

    // Failures since the last lockout or successful sign-in, within the window.
    private async Task<int> RecentFailuresAsync(string name)
    {
        var since = clock.GetUtcNow() - Window;
        await using var db = await dbFactory.CreateDbContextAsync();
        var reset = await db.AuditLog.Where(e => e.Target == name && e.At >= since && (e.Action == AuditAction.SignIn || e.Action == AuditAction.LockedOut))
            .MaxAsync(e => (DateTimeOffset?)e.At);
        var from = reset ?? since;
        return await db.AuditLog.CountAsync(e => e.Target == name && e.Action == AuditAction.SignInFailed && e.At > from
            && (e.Detail == null || e.Detail != "locked out"));
    }
}

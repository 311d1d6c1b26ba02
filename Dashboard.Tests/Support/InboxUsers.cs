using System.Security.Claims;
using Bunit;
using Coverage.Dashboard.Security;
using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>Signs a bUnit context in as a role's test user (<see cref="TestUsers"/>): its name, role and scope claims, on a live circuit.</summary>
public static class InboxUsers
{
    public static void SignIn(this BunitContext context, Role? role)
    {
        var auth = context.AddAuthorization();
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        if (role is not { } r) return;
        auth.SetAuthorized(TestUsers.Email(r));
        var claims = new List<Claim> { new(ClaimTypes.Role, DomainIds.Id(r)) };
        if (TestUsers.Scope(r) is { } scope) claims.Add(new(DashboardClaims.Scope, scope));
        auth.SetClaims([.. claims]);
    }
}

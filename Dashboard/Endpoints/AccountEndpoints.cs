using Coverage.Dashboard.Security;
using Microsoft.AspNetCore.Mvc;

namespace Coverage.Dashboard.Endpoints;

/// <summary><c>POST /account/logout</c> (a form with the antiforgery token, from the header's menu): signs out, audited, back to sign-in.</summary>
public static class AccountEndpoints
{
    public const string LogoutPath = "/account/logout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(LogoutPath, async (HttpContext context, SignInGuard guard, [FromForm] string? returnUrl) =>
        {
            await guard.SignOutAsync(context.User, context.Connection.RemoteIpAddress?.ToString());
            return TypedResults.LocalRedirect(SecurityHosting.LoginPath);
        }).ExcludeFromDescription();
        return app;
    }
}

using System.Globalization;
using System.Net;
using Coverage.Dashboard.Resources;
using Microsoft.Extensions.Localization;

namespace Coverage.Dashboard.Security;

/// <summary>The sign-in limiter's answer to a browser: a plain page in the user's language saying how long to wait.</summary>
public static class TooManySignInsPage
{
    public static async Task WriteAsync(HttpContext context, int seconds)
    {
        var t = context.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var title = WebUtility.HtmlEncode(t["Account.TooManyAttempts"]);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="{WebUtility.HtmlEncode(CultureInfo.CurrentUICulture.Name)}"><head><meta charset="utf-8"><title>{title}</title>
            <link rel="stylesheet" href="/app.css"></head>
            <body><main data-testid="too-many-sign-ins"><h1>{title}</h1><p>{WebUtility.HtmlEncode(t["Account.TooManyAttemptsText", seconds])}</p>
            <p><a href="{SecurityHosting.LoginPath}">{WebUtility.HtmlEncode(t["Account.BackToSignIn"])}</a></p></main></body></html>
            """);
    }
}

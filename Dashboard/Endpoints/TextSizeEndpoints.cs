namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// <c>GET /text-size/set?size=large&amp;redirectUri=/map</c>: the large-text option (适老化) in the user menu. It remembers the
/// choice in a cookie for a year and sends the browser back to the page, which loads with the larger text (App.razor reads it).
/// </summary>
public static class TextSizeEndpoints
{
    public const string Path = "/text-size/set";
    public const string CookieName = "coverage.text-size";
    public const string Large = "large";

    public static IEndpointRouteBuilder MapTextSizeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Set).WithName("SetTextSize").ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>True when the request's cookie asks for large text.</summary>
    public static bool IsLarge(HttpRequest request) => request.Cookies[CookieName] == Large;

    private static IResult Set(string? size, string? redirectUri, HttpResponse response)
    {
        if (size is not (Large or "normal"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["size"] = ["The text size must be large or normal."] });
        var target = string.IsNullOrEmpty(redirectUri) ? "/" : redirectUri;
        if (!CultureEndpoints.IsLocalPath(target))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["redirectUri"] = ["The page to return to must be a path on this site."] });
        if (size == Large)
            response.Cookies.Append(CookieName, Large, new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
        else
            response.Cookies.Delete(CookieName);
        return TypedResults.LocalRedirect(target);
    }
}

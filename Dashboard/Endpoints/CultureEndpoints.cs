using Coverage.Dashboard.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;

namespace Coverage.Dashboard.Endpoints;

/// <summary>
/// <c>GET /culture/set?culture=en&amp;redirectUri=/map?prefecture=5134</c>: the language switch. It remembers the
/// language in the culture cookie and sends the browser back to the page it came from, which loads in that language.
/// </summary>
public static class CultureEndpoints
{
    public const string Path = "/culture/set";

    private static readonly string[] QueryParameters = ["culture", "ui-culture"];

    public static IEndpointRouteBuilder MapCultureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, SetCulture).WithName("SetCulture").ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    /// <summary>Remembers <paramref name="culture"/> for a year; the interactive circuit reads it on connecting.</summary>
    public static void AppendCultureCookie(HttpResponse response, RequestCulture culture) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(culture),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });

    private static Results<RedirectHttpResult, ValidationProblem> SetCulture(string? culture, string? redirectUri, HttpResponse response)
    {
        var errors = new Dictionary<string, string[]>();
        var supported = DashboardHosting.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
        if (supported is null)
            errors["culture"] = [$"The language must be one of {string.Join(", ", DashboardHosting.Cultures.Select(c => c.Name))}."];
        var target = string.IsNullOrEmpty(redirectUri) ? "/" : redirectUri;
        if (!IsLocalPath(target))
            errors["redirectUri"] = ["The page to return to must be a path on this site, such as /map?prefecture=5101."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        AppendCultureCookie(response, new RequestCulture(supported!));
        return TypedResults.LocalRedirect(WithoutCultureParameters(target));
    }

    // ASP.NET Core's rule for a local URL: one leading slash ("//host" and "/\host" are other sites to a browser) and no
    // control characters, which browsers strip before reading the URL.
    internal static bool IsLocalPath(string url) =>
        url.StartsWith('/') && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl);

    // A ?culture= left in the page's URL would win over the new cookie and switch the page straight back.
    internal static string WithoutCultureParameters(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var (beforeFragment, fragment) = hash < 0 ? (url, "") : (url[..hash], url[hash..]);
        var question = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return url;
        var kept = beforeFragment[(question + 1)..].Split('&').Where(pair => !IsCultureParameter(pair));
        var query = string.Join('&', kept);
        return beforeFragment[..question] + (query.Length > 0 ? "?" + query : "") + fragment;
    }

    private static bool IsCultureParameter(string pair) =>
        QueryParameters.Contains(Uri.UnescapeDataString(pair.Split('=', 2)[0]), StringComparer.OrdinalIgnoreCase);
}

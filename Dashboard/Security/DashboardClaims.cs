using System.Security.Claims;
using Coverage.Domain.Access;
using Coverage.Domain.Stations;
using Coverage.Infrastructure.Accounts;

namespace Coverage.Dashboard.Security;

/// <summary>
/// The claims a dashboard principal carries, whichever way it signed in (cookie, personal token, display link), and the
/// one way back from a principal to the domain's <see cref="Actor"/>.
/// </summary>
public static class DashboardClaims
{
    /// <summary>The division code of the scope; absent for the province.</summary>
    public const string Scope = "coverage:scope";
    /// <summary>The display link's id, on a display principal only.</summary>
    public const string Display = "coverage:display";
    /// <summary>A display link's rotation, in seconds.</summary>
    public const string Rotate = "coverage:rotate";
    /// <summary>How the principal signed in: <c>cookie</c>, <c>token</c> or <c>display</c>.</summary>
    public const string Method = "coverage:method";
    /// <summary>The role claim value of a display principal (never a user's role).</summary>
    public const string DisplayRole = "display";

    public static readonly string[] UserRoles = Enum.GetValues<Role>().Select(r => DomainIds.Id(r)).ToArray();

    public static IEnumerable<Claim> ForUser(DashboardUser user)
    {
        yield return new Claim(ClaimTypes.Role, DomainIds.Id(user.Role));
        if (user.ScopeCode is { } code) yield return new Claim(Scope, code);
    }

    public static ClaimsPrincipal ForDisplay(DisplayLink link, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "display:" + link.Id),
            new(ClaimTypes.Name, link.Name),
            new(ClaimTypes.Role, DisplayRole),
            new(Display, link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(Method, "display"),
        };
        if (link.ScopeCode is { } code) claims.Add(new Claim(Scope, code));
        if (link.RotateSeconds is { } rotate) claims.Add(new Claim(Rotate, rotate.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The actor behind a principal, or null when it is not signed in.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        AccessScope.TryParse(principal.FindFirstValue(Scope), out var scope);
        var name = principal.Identity.Name ?? "?";
        if (principal.DisplayId() is not null) return new Actor("display:" + name, null, scope, IsDisplay: true);
        var role = DomainIds.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var r) ? r : (Role?)null;
        return new Actor(name, role, scope);
    }

    public static int? DisplayId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(Display), out var id) ? id : null;

    public static int? DisplayRotate(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(Rotate), out var seconds) ? seconds : null;
}

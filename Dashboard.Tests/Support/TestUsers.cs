using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Coverage.Domain.Access;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>
/// One test user per role, created in each test app's database the way an admin would (the account service the CLI and
/// admin pages use), each with a personal access token. Tests sign in as these users: the browser through the sign-in
/// form, HTTP clients with the token — never with security switched off.
/// </summary>
public static partial class TestUsers
{
    public const string Password = "Test-Passw0rd-2026";
    public const string AdminEmail = "admin@test.local";

    public static readonly IReadOnlyList<Role> Roles = Enum.GetValues<Role>();

    public static string Email(Role role) => role == Role.ProvinceAdmin ? AdminEmail : $"{Coverage.Domain.Stations.DomainIds.Id(role)}@test.local";

    /// <summary>凉山 (5134) for prefecture staff, 西昌市 (513401) for county staff; the fixture seed has both.</summary>
    public static string? Scope(Role role) => role switch
    {
        Role.PrefectureStaff => "5134",
        Role.CountyStaff => "513401",
        _ => null,
    };

    /// <summary>The actor a role's test user acts as once signed in (for calling services as that user).</summary>
    public static Actor ActorOf(Role role) =>
        new(Email(role), role, AccessScope.TryParse(Scope(role), out var scope) ? scope : throw new InvalidOperationException($"Bad test scope for {role}."));

    /// <summary>The settings that make the first province admin this admin (the app creates it at first start).</summary>
    public static IReadOnlyDictionary<string, string?> AdminSettings => new Dictionary<string, string?>
    {
        ["Admin:Email"] = AdminEmail,
        ["Admin:Password"] = Password,
    };

    /// <summary>Creates the users other than the first admin, and a personal access token for each role.</summary>
    public static async Task<IReadOnlyDictionary<Role, string>> CreateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<IUserAccounts>();
        var tokens = scope.ServiceProvider.GetRequiredService<IAccessTokens>();
        var result = new Dictionary<Role, string>();
        foreach (var role in Roles)
        {
            var user = await accounts.FindAsync(Email(role));
            if (user is null)
            {
                var created = await accounts.CreateAsync(Email(role), role, Scope(role), Password, "tests", null);
                user = created.User ?? throw new InvalidOperationException($"Could not create the {role} test user: {created}");
            }
            result[role] = (await tokens.CreateAsync(user.Id, "tests", null, "tests", null)).Secret;
        }
        return result;
    }

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs a browser context in through the sign-in form's HTTP exchange (GET the form, POST it with its
    /// antiforgery token), so the context holds the session cookie exactly as after typing the password.</summary>
    public static async Task SignInAsync(IBrowserContext context, Uri baseAddress, Role role)
    {
        var login = new Uri(baseAddress, "/account/login").ToString();
        var form = await context.APIRequest.GetAsync(login);
        var html = await form.TextAsync();
        var token = AntiforgeryField().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        var response = await context.APIRequest.PostAsync(login, new()
        {
            Form = context.APIRequest.CreateFormData()
                .Append("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token))
                .Append("_handler", "login")
                .Append("Input.Email", Email(role))
                .Append("Input.Password", Password),
            MaxRedirects = 0,
        });
        if (response.Status != 302) throw new InvalidOperationException($"Signing in as {Email(role)} answered {response.Status}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

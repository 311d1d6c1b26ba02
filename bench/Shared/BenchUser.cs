using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Coverage.Bench;

/// <summary>
/// How the benches get in: like any operator's user, not with security switched off. A viewer account and its personal
/// access token, made with the operations CLI (<c>users add … --password-stdin</c>, <c>tokens create</c>); HTTP sends the token
/// as <c>Authorization: Bearer</c>, hub clients through <c>accessTokenFactory</c>, and browser pages carry the session cookie
/// the sign-in form sets (walls use a display link instead).
/// </summary>
public sealed partial record BenchUser(string Email, string Password, string Token)
{
    public const string DefaultEmail = "bench@bench.local";

    /// <summary>A fresh password that meets the policy (at least 10 characters, upper and lower case, a digit).</summary>
    public static string NewPassword() => $"Bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-X1";

    /// <summary>The user bench/run.sh made: <c>BENCH_EMAIL</c>, <c>BENCH_PASSWORD</c>, <c>BENCH_TOKEN</c>.</summary>
    public static BenchUser FromEnvironment()
    {
        string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"{name} is not set. The bench signs in like an operator's user: create one with " +
                "'users add <email> --role viewer --password-stdin' and 'tokens create <email> --name bench' (bench/run.sh does), then set " +
                "BENCH_EMAIL, BENCH_PASSWORD and BENCH_TOKEN.");
        return new BenchUser(Get("BENCH_EMAIL"), Get("BENCH_PASSWORD"), Get("BENCH_TOKEN"));
    }

    /// <summary>Sends this user's personal access token with every request of <paramref name="client"/>.</summary>
    public HttpClient Authorize(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>
    /// Signs in through the sign-in form's HTTP exchange (GET it for the antiforgery token, POST it) and returns the storage
    /// state holding the session cookie, for browser contexts (<c>StorageState</c>) to open the pages signed in.
    /// </summary>
    public async Task<string> SignInAsync(IPlaywright playwright, Uri baseAddress)
    {
        var request = await playwright.APIRequest.NewContextAsync(new() { BaseURL = baseAddress.ToString() });
        try
        {
            var form = await request.GetAsync("/account/login");
            var token = AntiforgeryField().Match(await form.TextAsync()) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)
                : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
            var response = await request.PostAsync("/account/login", new()
            {
                Form = request.CreateFormData()
                    .Append("__RequestVerificationToken", token)
                    .Append("_handler", "login")
                    .Append("Input.Email", Email)
                    .Append("Input.Password", Password),
                MaxRedirects = 0,
            });
            if (response.Status != 302) throw new InvalidOperationException($"Signing in as {Email} answered {response.Status}.");
            return await request.StorageStateAsync();
        }
        finally
        {
            await request.DisposeAsync();
        }
    }

    /// <summary>
    /// The same sign-in without a browser (the light circuits of bench/Live): GET the form for its antiforgery token and cookie, POST
    /// it; the cookies then hold the session.
    /// </summary>
    public async Task<System.Net.CookieContainer> SignInAsync(Uri baseAddress)
    {
        var cookies = new System.Net.CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = Email,
            ["Input.Password"] = Password,
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"Signing in as {Email} answered {(int)response.StatusCode}.");
        return cookies;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Coverage.Dashboard.Hosting;
using Microsoft.Extensions.Configuration;

namespace Coverage.Dashboard.Tests.Dashboard;

/// <summary>
/// The operations CLI run in-process against a running Dashboard's database (real PostGIS), and what it made checked the
/// way a person or a script would use it: signing in through the form, the API with the printed token, the wall with the
/// printed URL.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class OperationsCliTests(PostgisFixture postgis) : IAsyncLifetime
{
    private const string NewPassword = "Cli-Passw0rd-2026";
    private static readonly string Actor = $"cli:{Environment.UserName}";

    private DashboardApp _app = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("coverage-cli-").FullName;

    public async Task InitializeAsync() => _app = await DashboardApp.StartAsync(postgis, browser: false);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed record Run(int Code, string Out, string Error)
    {
        public string LastLine => Out.TrimEnd().Split('\n')[^1].TrimEnd('\r');
    }

    private async Task<Run> CliAsync(string[] args, string? stdin = null, string? connectionString = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Coverage"] = connectionString ?? _app.Database.ConnectionString };
        var code = await OperationsCli.RunAsync(args, new CommandIO(new StringReader(stdin ?? ""), output, error), settings);
        return new Run(code, output.ToString(), error.ToString());
    }

    private Task<long> CountAsync(string sql) => _app.Database.ScalarAsync<long>(sql);

    [Fact]
    public async Task Users_add_takes_the_password_from_stdin_and_the_new_user_signs_in_and_is_listed()
    {
        var run = await CliAsync(["users", "add", "xichang@test.local", "--role", "countyStaff", "--scope", "513401", "--password-stdin"], NewPassword + "\n");

        Assert.True(run.Code == 0, run.Error);
        Assert.Contains("Created xichang@test.local: countyStaff, scope 513401.", run.Out, StringComparison.Ordinal);
        var (status, location) = await SignInAsync("xichang@test.local", NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.EndsWith("/map?prefecture=5134&county=513401", location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync("xichang@test.local", NewPassword + "x")).Status);
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'userCreated' AND target = 'xichang@test.local' AND actor = '{Actor}' AND ip IS NULL"));

        var list = await CliAsync(["users", "list"]);
        Assert.Equal(0, list.Code);
        var lines = list.Out.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^email\s+role\s+scope\s+disabled\s+locked until$", lines[0]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^xichang@test\.local\s+countyStaff\s+513401\s+no\s+-$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^admin@test\.local\s+provinceAdmin\s+province\s+no\s+-$"));
        // The columns line up: each row's role starts where the header's does.
        var roleColumn = lines[0].IndexOf("role", StringComparison.Ordinal);
        Assert.Equal(roleColumn, lines.Single(l => l.StartsWith("xichang@", StringComparison.Ordinal)).IndexOf("countyStaff", StringComparison.Ordinal));
        Assert.Equal(roleColumn, lines.Single(l => l.StartsWith("admin@", StringComparison.Ordinal)).IndexOf("provinceAdmin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Users_add_refuses_a_wrong_role_scope_or_password_with_exit_code_2_and_creates_nothing()
    {
        var users = await CountAsync("SELECT count(*) FROM users");
        var audit = await CountAsync("SELECT count(*) FROM audit_log");
        (string[] Args, string? Stdin, string Reason)[] cases =
        [
            (["users", "add", "a@test.local", "--role", "superuser", "--password-stdin"], NewPassword, "'superuser' is not a role"),
            (["users", "add", "a@test.local", "--role", "provinceAdmin,viewer", "--password-stdin"], NewPassword, "is not a role"),
            (["users", "add", "a@test.local", "--role", "countyStaff", "--scope", "5134", "--password-stdin"], NewPassword, "6-digit county code"),
            (["users", "add", "a@test.local", "--role", "prefectureStaff", "--scope", "5199", "--password-stdin"], NewPassword, "no division with code 5199"),
            (["users", "add", "a@test.local", "--role", "provinceAdmin", "--scope", "5134", "--password-stdin"], NewPassword, "whole province as scope"),
            (["users", "add", "a@test.local", "--role", "viewer", "--scope", "51x", "--password-stdin"], NewPassword, "'51x' is not a prefecture"),
            (["users", "add", "a@test.local", "--role", "viewer", "--password-stdin"], "short1A", "at least 10"),
            (["users", "add", "a@test.local", "--role", "viewer", "--password-stdin"], "", "no password on stdin"),
            (["users", "add", "a@test.local", "--role", "viewer", "--password-stdin"], NewPassword + "\n" + NewPassword + "\n", "one line"),
            (["users", "add", "a@test.local", "--role", "viewer", "--password-stdin"], new string('A', 200), "longer than 128"),
            (["users", "add", "a@test.local", "--role", "viewer"], NewPassword, "--password-stdin"),
            (["users", "add", "a@test.local", "--role", "viewer", "--password", NewPassword], null, "never taken on the command line"),
            (["users", "add", "admin@test.local", "--role", "viewer", "--password-stdin"], NewPassword, "already exists"),
            (["users", "add", "--role", "viewer", "--password-stdin"], NewPassword, "expected <email>"),
        ];

        foreach (var (args, stdin, reason) in cases)
        {
            var run = await CliAsync(args, stdin);

            Assert.True(run.Code == 2, $"{string.Join(' ', args)}: exit {run.Code}, {run.Error}");
            Assert.Contains(reason, run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal); // no stack trace
        }
        Assert.Equal(users, await CountAsync("SELECT count(*) FROM users"));
        Assert.Equal(audit, await CountAsync("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task Tokens_create_prints_a_token_that_opens_the_api_until_tokens_revoke()
    {
        var run = await CliAsync(["tokens", "create", TestUsers.Email(Role.Viewer), "--name", "nightly export", "--days", "30"]);

        Assert.True(run.Code == 0, run.Error);
        var token = run.LastLine;
        Assert.Matches("^swp_[A-Za-z0-9_-]{43}$", token);
        Assert.Single(Regex.Matches(run.Out, Regex.Escape(token)));
        using var client = _app.CreateAnonymousClient().WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/summary")).StatusCode);

        var id = TokenId().Match(run.Out).Groups[1].Value;
        var list = await CliAsync(["tokens", "list", TestUsers.Email(Role.Viewer)]);
        Assert.Matches($@"(?m)^{id}\s+viewer@test\.local\s+nightly export\s+{Regex.Escape(token[..8])}…", list.Out);
        Assert.DoesNotContain(token, list.Out, StringComparison.Ordinal);

        var revoke = await CliAsync(["tokens", "revoke", id]);

        Assert.True(revoke.Code == 0, revoke.Error);
        // The CLI is another process: the app's token cache honours the revocation within its lifetime.
        await Eventually.StatusAsync(client, "/api/summary", HttpStatusCode.Unauthorized);
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'tokenRevoked' AND actor = '{Actor}' AND target LIKE 'token:{id} %'"));
        var again = await CliAsync(["tokens", "revoke", id]);
        Assert.Equal(2, again.Code);
        Assert.Contains($"no active token {id}", again.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await CliAsync(["tokens", "revoke", "abc"])).Code);
        Assert.Equal(2, (await CliAsync(["tokens", "create", "nobody@test.local", "--name", "x"])).Code);
        Assert.Equal(2, (await CliAsync(["tokens", "create", TestUsers.Email(Role.Viewer), "--name", "x", "--days", "0"])).Code);
        Assert.Equal(2, (await CliAsync(["tokens", "create", TestUsers.Email(Role.Viewer)])).Code);
    }

    [Fact]
    public async Task Users_disable_stops_the_users_token_and_users_enable_restores_it()
    {
        var token = (await CliAsync(["tokens", "create", TestUsers.Email(Role.CountyStaff), "--name", "script"])).LastLine;
        using var client = _app.CreateAnonymousClient().WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/summary")).StatusCode);

        var disable = await CliAsync(["users", "disable", TestUsers.Email(Role.CountyStaff)]);

        Assert.True(disable.Code == 0, disable.Error);
        await Eventually.StatusAsync(client, "/api/summary", HttpStatusCode.Unauthorized);
        Assert.Matches(@"(?m)^countyStaff@test\.local\s+countyStaff\s+513401\s+yes\s+-\r?$", (await CliAsync(["users", "list"])).Out);
        Assert.Equal(2, (await CliAsync(["tokens", "create", TestUsers.Email(Role.CountyStaff), "--name", "another"])).Code);

        Assert.Equal(0, (await CliAsync(["users", "enable", TestUsers.Email(Role.CountyStaff)])).Code);
        await Eventually.StatusAsync(client, "/api/summary", HttpStatusCode.OK);

        // The last province admin stays: disabling it is refused.
        var last = await CliAsync(["users", "disable", TestUsers.AdminEmail]);
        Assert.Equal(2, last.Code);
        Assert.Contains("last active province admin", last.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await CliAsync(["users", "disable", "nobody@test.local"])).Code);
    }

    [Fact]
    public async Task Users_reset_password_replaces_the_password_read_from_stdin()
    {
        var run = await CliAsync(["users", "reset-password", TestUsers.Email(Role.PrefectureStaff), "--password-stdin"], NewPassword + "\r\n");

        Assert.True(run.Code == 0, run.Error);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(TestUsers.Email(Role.PrefectureStaff), NewPassword)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(TestUsers.Email(Role.PrefectureStaff), TestUsers.Password)).Status);
        Assert.Equal(1L, await CountAsync($"SELECT count(*) FROM audit_log WHERE action = 'passwordReset' AND actor = '{Actor}'"));

        var weak = await CliAsync(["users", "reset-password", TestUsers.Email(Role.PrefectureStaff), "--password-stdin"], "password\n");
        Assert.Equal(2, weak.Code);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(TestUsers.Email(Role.PrefectureStaff), NewPassword)).Status);
    }

    [Fact]
    public async Task Displays_create_prints_a_url_that_opens_the_wall_without_sign_in_until_revoked()
    {
        var baseUrl = _app.BaseAddress.ToString().TrimEnd('/');
        var run = await CliAsync(["displays", "create", "--name", "凉山州民政局大厅", "--scope", "5134", "--rotate", "30", "--base-url", baseUrl + "/"]);

        Assert.True(run.Code == 0, run.Error);
        var url = run.LastLine;
        Assert.Matches($"^{Regex.Escape(baseUrl)}/wall\\?display=swd_[A-Za-z0-9_-]{{43}}$", url);
        using var anonymous = _app.CreateAnonymousClient();
        using (var wall = await anonymous.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
            Assert.Contains(wall.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Coverage.Display=", StringComparison.Ordinal));
        }
        var id = DisplayId().Match(run.Out).Groups[1].Value;
        Assert.Matches($@"(?m)^{id}\s+凉山州民政局大厅\s+5134\s+30 s\s+swd_", (await CliAsync(["displays", "list"])).Out);

        Assert.Equal(0, (await CliAsync(["displays", "revoke", id])).Code);

        using var stopped = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, stopped.StatusCode);
        Assert.Contains("显示链接已停用", await stopped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, (await CliAsync(["displays", "revoke", id])).Code);
        Assert.Equal(2, (await CliAsync(["displays", "create", "--name", "x", "--scope", "513401"])).Code);
        Assert.Equal(2, (await CliAsync(["displays", "create", "--name", "x", "--rotate", "2"])).Code);
        Assert.Equal(2, (await CliAsync(["displays", "create", "--name", "x", "--base-url", "javascript:alert(1)"])).Code);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM display_links"));
    }

    [Fact]
    public async Task An_import_is_audited_with_who_the_folder_each_files_sha256_and_the_counts()
    {
        var file = Path.Combine(_folder, "plan-targets.csv");
        await File.WriteAllTextAsync(file, "prefecture_code,year,target_coverage\n5101,2026,100\n5134,2026,100\n");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));

        var run = await CliAsync(["import", _folder]);

        Assert.True(run.Code == 0, run.Error);
        var detail = await _app.Database.ScalarAsync<string>(
            $"SELECT detail FROM audit_log WHERE action = 'import' AND actor = '{Actor}' AND target = '{_folder}' AND ip IS NULL ORDER BY id DESC LIMIT 1");
        Assert.NotNull(detail);
        Assert.StartsWith($"files plan-targets.csv sha256:{hash}; imported ", detail, StringComparison.Ordinal);
        Assert.Contains("0 stations (0 existing ones changed status or mode, 0 new), 2 plan targets", detail, StringComparison.Ordinal);

        // A rejected import writes nothing but is still recorded: who tried, which files, how many problems.
        await File.WriteAllTextAsync(file, "prefecture_code,year,target_coverage\n5101,2027,101\n");
        var rejectedHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file)));

        var rejected = await CliAsync(["import", _folder]);

        Assert.Equal(2, rejected.Code);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM plan_targets WHERE year = 2027"));
        Assert.Equal($"files plan-targets.csv sha256:{rejectedHash}; rejected with 1 problem(s), nothing written", await _app.Database.ScalarAsync<string>(
            $"SELECT detail FROM audit_log WHERE action = 'import' AND actor = '{Actor}' ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task Help_and_usage_mistakes_are_answered_without_a_database()
    {
        var help = await CliAsync(["tokens", "create", "--help"], connectionString: "");
        Assert.Equal(0, help.Code);
        Assert.StartsWith("usage: Coverage.Dashboard tokens create <email> --name N [--days D]", help.Out, StringComparison.Ordinal);

        var verbHelp = await CliAsync(["displays", "--help"], connectionString: "");
        Assert.Equal(0, verbHelp.Code);
        Assert.Contains("Coverage.Dashboard displays create --name N [--scope CODE] [--rotate S] [--base-url URL]", verbHelp.Out, StringComparison.Ordinal);

        var unknown = await CliAsync(["users", "remove", "a@test.local"], connectionString: "");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("unknown command 'users remove'", unknown.Error, StringComparison.Ordinal);

        var option = await CliAsync(["users", "list", "--all"], connectionString: "");
        Assert.Equal(2, option.Code);
        Assert.Contains("unknown option --all", option.Error, StringComparison.Ordinal);

        var noDatabase = await CliAsync(["users", "list"], connectionString: "");
        Assert.Equal(1, noDatabase.Code);
        Assert.Contains("ConnectionStrings__Coverage", noDatabase.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "http://localhost:5000")]
    [InlineData("http://0.0.0.0:8080;https://0.0.0.0:8443", null, "http://localhost:8080")]
    [InlineData("http://*:5000", null, "http://localhost:5000")]
    [InlineData("http://10.0.0.5:5000", "https://wall.example.gov.cn/dashboard/", "https://wall.example.gov.cn/dashboard")]
    public void The_display_url_base_is_the_option_else_the_first_listen_address(string? urls, string? option, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = urls }).Build();

        Assert.Equal(expected, DisplaysCommands.BaseUrl(option, configuration));
    }

    /// <summary>Signs in through the form over HTTP (GET it for the antiforgery token, POST it); the status and redirect target.</summary>
    private async Task<(HttpStatusCode Status, string? Location)> SignInAsync(string email, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _app.BaseAddress };
        var form = await client.GetStringAsync("/account/login");
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value);
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"Created token (\d+) ")]
    private static partial Regex TokenId();

    [GeneratedRegex(@"Created display (\d+) ")]
    private static partial Regex DisplayId();
}

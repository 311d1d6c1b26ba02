using System.Security.Cryptography;
using Coverage.Domain.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coverage.Infrastructure.Accounts;

/// <summary>The first province admin (<c>Admin:Email</c>, <c>Admin:Password</c>, <c>Admin:PasswordFile</c>) and the demo accounts.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const string DefaultEmail = "admin@coverage.local";

    public string Email { get; set; } = DefaultEmail;

    /// <summary>The first admin's password; when unset, one is generated and written to <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Where a generated password is written (mode 0600). Default: the user's local app-data folder.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Create one demo account per role (only the run command's local default, with the demo feed, sets this).</summary>
    public bool DemoAccounts { get; set; }

    public string ResolvePasswordFile() => PasswordFile is { Length: > 0 } path ? Path.GetFullPath(path) :
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "coverage-dashboard", "initial-admin-password.txt");
}

/// <summary>The demo accounts (one per role) the local default creates; their password is documented in the README.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Coverage-2026";

    public static readonly IReadOnlyList<(string Email, Role Role, string? Scope)> All =
    [
        ("province@demo.local", Role.ProvinceAdmin, null),
        ("prefecture@demo.local", Role.PrefectureStaff, "5134"),
        ("county@demo.local", Role.CountyStaff, "513401"),
        ("viewer@demo.local", Role.Viewer, null),
    ];
}

/// <summary>Runs once the database is migrated: with no users at all, creates the first province admin; adds the demo accounts when asked.</summary>
public sealed partial class AccountSetup(IServiceScopeFactory scopes, IOptions<AdminOptions> options, ILogger<AccountSetup> logger)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var admin = options.Value;
        if (!await accounts.AnyAsync(ct))
        {
            var password = admin.Password;
            string? file = null;
            if (string.IsNullOrEmpty(password))
            {
                password = GeneratePassword();
                file = admin.ResolvePasswordFile();
                WriteSecretFile(file, password);
            }
            var created = await accounts.CreateAsync(admin.Email, Role.ProvinceAdmin, null, password, "setup", null);
            if (!created.Succeeded) throw new InvalidOperationException($"Could not create the first admin {admin.Email}: {created}. Check Admin:Email and Admin:Password.");
            if (file is not null) LogGenerated(logger, admin.Email, file);
            else LogCreated(logger, admin.Email);
        }
        if (!admin.DemoAccounts) return;
        foreach (var (email, role, scopeCode) in DemoAccounts.All)
        {
            if (await accounts.FindAsync(email) is not null) continue;
            var result = await accounts.CreateAsync(email, role, scopeCode, DemoAccounts.Password, "setup", null);
            if (!result.Succeeded) LogDemoFailed(logger, email, result.ToString());
        }
    }

    /// <summary>20 characters from an alphabet without look-alikes, with at least one upper, lower and digit.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789";
        var all = upper + lower + digits;
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void WriteSecretFile(string path, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream)) writer.WriteLine(secret);
        // An existing file keeps its mode on create: make sure it is the owner's alone.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No users existed: created the province admin {Email}. Its generated password is in {File} " +
        "(readable only by this user); sign in and change it, then delete the file.")]
    private static partial void LogGenerated(ILogger logger, string email, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "No users existed: created the province admin {Email} with the password from Admin:Password.")]
    private static partial void LogCreated(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the demo account {Email}: {Reason}")]
    private static partial void LogDemoFailed(ILogger logger, string email, string reason);
}

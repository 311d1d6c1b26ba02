using System.Security.Cryptography;
using System.Text;

namespace Coverage.Infrastructure.Accounts;

/// <summary>
/// Bearer secrets: 32 random bytes (256 bits) in base64url after a kind prefix (<c>swp_</c> personal, <c>swd_</c> display).
/// Only the SHA-256 of a token is stored; a fast hash is right for 256-bit random secrets (nothing to brute-force).
/// </summary>
public static class SecretTokens
{
    public const string PersonalPrefix = "swp_";
    public const string DisplayPrefix = "swd_";
    public const int MaxLength = 100;

    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The part shown in lists: the kind prefix and the first 4 characters of the secret.</summary>
    public static string Shown(string token) => token[..Math.Min(token.Length, 8)] + "…";

    public static bool LooksLike(string? token, string prefix) =>
        token is { Length: > 20 and <= MaxLength } && token.StartsWith(prefix, StringComparison.Ordinal);
}

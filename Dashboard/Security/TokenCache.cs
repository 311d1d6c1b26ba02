using System.Collections.Concurrent;
using System.Security.Claims;
using Coverage.Infrastructure.Accounts;

namespace Coverage.Dashboard.Security;

/// <summary>
/// Bearer tokens already checked, kept for <see cref="Lifetime"/>: a burst of requests with one token (2,000 hub clients
/// reconnecting after a restart, a script polling the API) costs one database round trip per token, not one per request,
/// and concurrent first uses share that one lookup. Unknown tokens are remembered too, so a flood of bad tokens does not
/// reach the database either. A revocation, disabling or re-scoping on this node empties the cache at once
/// (<see cref="AccountChanges"/>); on another node it takes effect within <see cref="Lifetime"/>.
/// </summary>
public sealed class TokenCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public TokenCache(AccountChanges changes, TimeProvider clock)
    {
        _clock = clock;
        changes.Changed += () => _entries.Clear();
    }

    /// <summary>The principal for <paramref name="secret"/> (null when the token is not valid), from the cache or from
    /// <paramref name="validate"/>, which also says until when the token is valid (its expiry; null when it has none).</summary>
    public async Task<ClaimsPrincipal?> GetAsync(string secret, Func<Task<(ClaimsPrincipal? Principal, DateTimeOffset? ValidUntil)>> validate)
    {
        var key = SecretTokens.Hash(secret);
        var now = _clock.GetTimestamp();
        if (_entries.TryGetValue(key, out var cached) && Fresh(cached, now))
            return await PrincipalAsync(cached);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        // The lookup starts only once this entry is the one kept: a request that lost the race waits for the winner's lookup
        // and starts none of its own — one it started and then left running would outlive the request (and its database context).
        var fresh = new Entry(now, new Lazy<Task<(ClaimsPrincipal?, DateTimeOffset?)>>(validate));
        var entry = _entries.AddOrUpdate(key, fresh, (_, old) => Fresh(old, now) ? old : fresh);
        try
        {
            return await PrincipalAsync(entry);
        }
        catch
        {
            // A failed lookup (database unreachable) is not an answer to remember.
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            throw;
        }
    }

    private bool Fresh(Entry entry, long now) => _clock.GetElapsedTime(entry.At, now) < Lifetime
        && (!entry.Lookup.IsValueCreated || !entry.Lookup.Value.IsCompletedSuccessfully
            || entry.Lookup.Value.Result.ValidUntil is not { } until || until > _clock.GetUtcNow());

    // A token that expires while cached is refused from its expiry on, not up to Lifetime later.
    private async Task<ClaimsPrincipal?> PrincipalAsync(Entry entry)
    {
        var (principal, validUntil) = await entry.Lookup.Value;
        return validUntil is { } until && until <= _clock.GetUtcNow() ? null : principal;
    }

    private sealed record Entry(long At, Lazy<Task<(ClaimsPrincipal? Principal, DateTimeOffset? ValidUntil)>> Lookup);
}

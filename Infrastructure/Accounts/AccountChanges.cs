namespace Coverage.Infrastructure.Accounts;

/// <summary>
/// Raised on this node whenever a credential may have lost rights: a token or display link revoked, a user disabled,
/// re-scoped or given a new password. Caches of validated credentials (the bearer-token cache) drop everything on it.
/// </summary>
public sealed class AccountChanges
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}

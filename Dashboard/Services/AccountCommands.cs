using Coverage.Domain.Access;

namespace Coverage.Dashboard.Services;

/// <summary>
/// Account changes from the admin pages, each in a DI scope of its own. A circuit lives for hours, while Identity's
/// <c>UserManager</c> and its DbContext are made for one request: kept for a circuit they would hand back stale tracked
/// users, and a change another admin (or the CLI) made meanwhile would fail as a concurrency conflict.
/// </summary>
public sealed class AccountCommands(IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<T>(Func<IUserAccounts, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IUserAccounts>());
    }
}

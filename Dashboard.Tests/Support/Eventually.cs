namespace Coverage.Dashboard.Tests.Support;

/// <summary>Waits for a condition another process or node brings about (no fixed sleep: it polls and gives up at a deadline).</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        try
        {
            await Poll.UntilAsync(condition, timeout, describe);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message);
        }
    }

    /// <summary>Until <paramref name="path"/> answers <paramref name="status"/> — e.g. a token revoked by another process,
    /// which this app's token cache honours within <c>TokenCache.Lifetime</c>.</summary>
    public static Task StatusAsync(HttpClient client, string path, System.Net.HttpStatusCode status) =>
        UntilAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            return response.StatusCode == status;
        }, TimeSpan.FromSeconds(15), () => $"{path} never answered {(int)status}");
}

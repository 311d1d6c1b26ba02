using System.Diagnostics;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

[Collection(PostgisCollection.Name)]
public sealed class CircuitLifetimeTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    [Fact]
    public async Task Opening_and_closing_100_live_screens_leaves_no_subscription_behind()
    {
        var notifier = App.Services.GetRequiredService<CoverageNotifier>();
        var context = await App.NewContextAsync(1280, 720);
        // Singletons subscribe once, on first use (the hub broadcaster, the map geometry cache): warm them up first.
        var warmUp = await context.NewPageAsync();
        await warmUp.GotoAsync(Url("/wall"));
        await Assertions.Expect(warmUp.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
        var withOneScreen = notifier.SubscriberCount;
        await warmUp.CloseAsync(new() { RunBeforeUnload = true });
        await WaitUntilAsync(() => notifier.SubscriberCount < withOneScreen, TimeSpan.FromSeconds(30), () => "the warm-up screen kept its subscriptions");
        var baseline = notifier.SubscriberCount;

        var peak = 0;
        for (var i = 0; i < 100; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(Url(i % 2 == 0 ? "/wall?prefecture=5101" : "/map?prefecture=5134"));
            await Assertions.Expect(page.Locator("[data-testid=coverage-map][data-painted]")).ToHaveCountAsync(1);
            peak = Math.Max(peak, notifier.SubscriberCount);
            await page.CloseAsync(new() { RunBeforeUnload = true });
        }
        await context.CloseAsync();

        Assert.True(peak > baseline, "an open screen should hold a subscription");
        await WaitUntilAsync(() => notifier.SubscriberCount == baseline, TimeSpan.FromSeconds(30),
            () => $"{notifier.SubscriberCount} subscriptions left, expected {baseline}");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail(describe());
            await Task.Delay(50);
        }
    }
}

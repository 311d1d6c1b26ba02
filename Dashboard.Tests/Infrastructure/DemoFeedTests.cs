using Coverage.Infrastructure.Demo;

namespace Coverage.Dashboard.Tests.Infrastructure;

[Collection(PostgisCollection.Name)]
public sealed class DemoFeedTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    [Fact]
    public async Task Each_step_moves_one_station_along_its_lifecycle_through_an_ordinary_write()
    {
        var feed = Db.Services.GetRequiredService<DemoFeed>();
        var events = await Db.ScalarAsync<long>("SELECT count(*) FROM station_events");

        for (var i = 0; i < 12; i++)
        {
            var moved = await feed.StepAsync(CancellationToken.None);
            Assert.NotNull(moved);
        }

        // Every step is one status change, logged by the trigger like any other writer's.
        Assert.Equal(events + 12, await Db.ScalarAsync<long>("SELECT count(*) FROM station_events"));
        Assert.Equal(0L, await Db.ScalarAsync<long>("""
            SELECT count(*) FROM station_events
            WHERE previous_status IS NOT NULL AND NOT (
                (previous_status = 'planned' AND status = 'underConstruction') OR
                (previous_status = 'underConstruction' AND status IN ('operating', 'suspended')) OR
                (previous_status = 'operating' AND status = 'suspended') OR
                (previous_status = 'suspended' AND status IN ('operating', 'underConstruction')))
            """));
    }
}

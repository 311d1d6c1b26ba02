using Bunit;
using Coverage.Dashboard.Components.Pages.Home;
using Coverage.Dashboard.Tests.Support;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace Coverage.Dashboard.Tests.Dashboard;

[Collection(PostgisCollection.Name)]
public sealed class HomePageTests(PostgisFixture postgis) : DashboardBunitContext, IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await postgis.CreateDatabaseAsync();
        Services.AddSingleton(_db.Services.GetRequiredService<DivisionCountsQuery>());
        Services.AddSingleton(_db.Services.GetRequiredService<DatabaseStatus>());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public void The_first_page_shows_counts_read_from_PostGIS_in_Chinese()
    {
        _db.Services.GetRequiredService<DatabaseStatus>().Set(DatabaseState.Ready);

        var cut = Render<HomePage>();

        cut.WaitForAssertion(() => Assert.Equal("7", cut.Find("[data-testid=count-townships] .count-value").TextContent));
        Assert.Equal("2", cut.Find("[data-testid=count-prefectures] .count-value").TextContent);
        Assert.Equal("3", cut.Find("[data-testid=count-counties] .count-value").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=count-status-operating] .count-value").TextContent);
        Assert.Contains("乡镇（街道）", cut.Find("[data-testid=count-townships]").TextContent, StringComparison.Ordinal);
        Assert.Contains("运营中", cut.Find("[data-testid=count-status-operating]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void While_the_database_is_unavailable_the_page_says_so_and_then_fills_in()
    {
        var status = _db.Services.GetRequiredService<DatabaseStatus>();
        status.Set(DatabaseState.Unreachable, "connection refused");

        var cut = Render<HomePage>();
        cut.WaitForAssertion(() => Assert.Contains("数据库暂不可用", cut.Find("[data-testid=db-unavailable]").TextContent, StringComparison.Ordinal));

        status.Set(DatabaseState.Ready);
        cut.WaitForAssertion(() => Assert.Equal("7", cut.Find("[data-testid=count-townships] .count-value").TextContent));
    }
}

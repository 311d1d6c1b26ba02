using Bunit;
using Coverage.Dashboard.Components.Shared.Map;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared.Map;

/// <summary>
/// A live change restyles the changed cell and its county through the map's JS module; for a single change the arguments are
/// written once per snapshot and shared by every open map (issue 14), and a map showing another day gets its own.
/// </summary>
public sealed class CoverageMapRestyleTests : DashboardBunitContext, IAsyncLifetime
{
    private const string Code = "513401001000";
    private static readonly CoverageSnapshot Before = Snapshots.Create(Snapshots.Township(Code, "安宁镇", StationStatus.UnderConstruction),
        Snapshots.Township("513401002000", "大兴乡", StationStatus.Operating));
    private readonly FakeCoverageFeed _feed = new(Before);
    private readonly BunitJSModuleInterop _module;

    public CoverageMapRestyleTests()
    {
        Services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 30, 10, 0));
        Services.AddSingleton<ICoverageFeed>(_feed);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _module = JSInterop.SetupModule("./Components/Shared/Map/CoverageMap.razor.js");
        _module.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public async Task A_change_restyles_its_cell_and_county_with_arguments_written_once_for_every_map()
    {
        Render<CoverageMap>();
        Render<CoverageMap>();
        Render<CoverageMap>(p => p.Add(c => c.AsOf, new DateOnly(2020, 1, 1)));
        var live = Before.Townships.Select(t => t.Code == Code ? Snapshots.Township(Code, "安宁镇", StationStatus.Operating) : t).ToArray();
        var after = Snapshots.Create(live);

        await _feed.PublishAsync(new CoverageUpdate(after,
            [new StationChangedMessage(9, 1, Code, Code[..6], Code[..4], StationStatus.Operating, BuildMode.ProvincialSubsidy, DateTimeOffset.UtcNow)],
            Rebuilt: false));

        var calls = _module.Invocations["restyle"];
        Assert.Equal(3, calls.Count);
        // The two maps of today: the cell is operating now, and both were handed the very same strings.
        var today = calls.Where(c => ((string)c.Arguments[1]!).Contains("\"status\":\"operating\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, today.Count);
        Assert.Same(today[0].Arguments[1], today[1].Arguments[1]);
        Assert.Same(today[0].Arguments[2], today[1].Arguments[2]);
        Assert.Contains($"\"code\":\"{Code}\"", (string)today[0].Arguments[1]!);
        Assert.Contains("\"code\":\"513401\"", (string)today[0].Arguments[2]!);
        // The map of 2020 shows the cell as it was then.
        var then = Assert.Single(calls.Except(today));
        Assert.Contains($"\"code\":\"{Code}\"", (string)then.Arguments[1]!);
        Assert.NotSame(today[0].Arguments[2], then.Arguments[2]);
    }
}

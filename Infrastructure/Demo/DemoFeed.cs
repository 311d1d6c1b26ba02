using Coverage.Domain.Stations;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Data.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coverage.Infrastructure.Demo;

public sealed class DemoFeedOptions
{
    public const string Section = "DemoFeed";

    /// <summary>Off unless asked for: the run command's local default turns it on.</summary>
    public bool Enabled { get; set; }

    public int IntervalMs { get; set; } = 3000;
}

/// <summary>
/// Makes a fresh local run show life: every interval it moves one synthetic station one step along its
/// lifecycle (planned → construction → operating; now and then a suspension and its end) through the Domain
/// methods and an ordinary database write, so the change travels the real path: trigger, NOTIFY, change feed, screens.
/// </summary>
public sealed partial class DemoFeed(
    IDbContextFactory<CoverageDbContext> dbFactory,
    DatabaseStatus database,
    IOptions<DemoFeedOptions> options,
    TimeProvider clock,
    ILogger<DemoFeed> logger) : BackgroundService
{
    // A fixed seed makes the sequence of picks repeatable from the same data; the value itself means nothing.
    private const int RandomSeed = 5101;

    /// <summary>The author of the feed's changes in <c>station_events</c>: synthetic, and labelled so in every station's history.</summary>
    public const string Actor = "demo:synthetic-feed";

    // A zero or tiny configured interval would make the feed a busy loop of database writes.
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(50);

    // While the roll-out is under way, few steps suspend a station; once fewer than NearlyDone of the stations are
    // still waiting to operate, half the steps suspend and the other half resume or finish one, so the screens keep moving.
    private const double NearlyDone = 0.05;
    private const double SuspendChanceDuringRollOut = 0.03;
    private const double SuspendChanceWhenNearlyDone = 0.5;

    private readonly Random _random = new(RandomSeed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        await database.Ready.WaitAsync(stoppingToken);
        LogStarted(logger, settings.IntervalMs);
        var interval = TimeSpan.FromMilliseconds(settings.IntervalMs);
        using var timer = new PeriodicTimer(interval > ShortestInterval ? interval : ShortestInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await StepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogStepFailed(logger, e.GetBaseException().Message);
            }
        }
    }

    /// <summary>Advances one station; returns its id, or null when there was nothing to do.</summary>
    public async Task<int?> StepAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Mostly progress the roll-out; sometimes suspend an operating station. Once the roll-out is nearly done,
        // suspend and resume in equal measure, so a finished province keeps moving at the configured pace.
        var total = await db.Stations.CountAsync(ct);
        var waiting = await db.Stations.CountAsync(s => s.Status != StationStatus.Operating, ct);
        var suspend = _random.NextDouble() < (waiting < total * NearlyDone ? SuspendChanceWhenNearlyDone : SuspendChanceDuringRollOut);
        if (waiting == 0) suspend = true;
        if (waiting == total) suspend = false;
        var candidates = suspend
            ? db.Stations.Where(s => s.Status == StationStatus.Operating)
            : db.Stations.Where(s => s.Status != StationStatus.Operating);
        var count = suspend ? total - waiting : waiting;
        if (count == 0) return null;
        var station = await candidates.OrderBy(s => s.Id).Skip(_random.Next(count)).FirstOrDefaultAsync(ct);
        if (station is null) return null; // another writer moved stations between the count and the pick

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var on = Latest(today, station.PlannedOn, station.ConstructionStartedOn, station.OperatingSince, station.SuspendedOn);
        switch (station.Status)
        {
            case StationStatus.Planned: station.StartConstruction(on); break;
            case StationStatus.UnderConstruction: station.GoLive(on); break;
            case StationStatus.Suspended: station.Resume(on); break;
            case StationStatus.Operating: station.Suspend(on); break;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WriteActor.SetAsync(db, Actor, null, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return station.Id;
    }

    private static DateOnly Latest(DateOnly today, params DateOnly?[] dates) =>
        dates.Where(d => d is not null).Select(d => d!.Value).Append(today).Max();

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo feed on: one synthetic station change every {IntervalMs} ms.")]
    private static partial void LogStarted(ILogger logger, int intervalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo feed step failed: {Reason}")]
    private static partial void LogStepFailed(ILogger logger, string reason);
}

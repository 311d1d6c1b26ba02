using Coverage.Dashboard.Services;
using Coverage.Domain.Coverage;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Coverage.Dashboard.Components.Shared.Live;

/// <summary>
/// The one building block of every live screen (in the spirit of eShop's <c>OrdersRefreshOnStatusChange</c>):
/// it waits for the node's first coverage snapshot (saying whether the database is unavailable meanwhile), hands
/// the snapshot to <see cref="Show"/>, subscribes after the first render, delivers coalesced batches on the
/// renderer's thread, reports failures through <see cref="ComponentBase.DispatchExceptionAsync"/> and leaves when
/// the component is disposed.
/// </summary>
public abstract class LiveCoverageComponent : ComponentBase, IAsyncDisposable
{
    private CoverageSubscription? _subscription;
    private bool _disposed;

    [Inject] protected ICoverageFeed Feed { get; private set; } = null!;
    [Inject] protected TimeProvider Clock { get; private set; } = null!;
    [Inject] private LiveMetrics Metrics { get; set; } = null!;
    [Inject] private BackgroundLiveLane Lane { get; set; } = null!;

    /// <summary>True on a wall (its layout says so): its updates never wait in the <see cref="BackgroundLiveLane"/>.</summary>
    [CascadingParameter(Name = ForegroundName)] private bool Foreground { get; set; }

    /// <summary>The name of the cascading value that marks live components whose updates go first (the wall's layout).</summary>
    public const string ForegroundName = "LiveForeground";

    /// <summary>The snapshot on screen; null until the first one is loaded.</summary>
    protected CoverageSnapshot? Snapshot { get; private set; }

    /// <summary>True while waiting for a database that cannot be reached (as opposed to one still starting).</summary>
    protected bool Unavailable { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        if (!Feed.IsLoaded)
        {
            Unavailable = Feed.IsUnavailable;
            await Feed.Loaded;
            Unavailable = false;
        }
        Snapshot = Feed.Current;
        Show(Snapshot);
    }

    /// <summary>Computes what the component shows from <paramref name="snapshot"/>; called at start and after every batch.</summary>
    protected virtual void Show(CoverageSnapshot snapshot)
    {
    }

    /// <summary>What to do with a batch of changes beyond <see cref="Show"/> (e.g. pulses); runs on the renderer's thread.</summary>
    protected virtual Task OnCoverageChangedAsync(CoverageBatch batch) => Task.CompletedTask;

    /// <summary>
    /// Whether the batch changed what this component draws, asked after <see cref="Show"/> and <see cref="OnCoverageChangedAsync"/>:
    /// false leaves out its render — and a render batch to the browser, and its acknowledgement — when the component's live part is
    /// drawn by other means (the map's cells by its JS module) or nothing visible changed (no go-live to announce). With hundreds
    /// of open pages, every render a change does not need is server time every other page waits for (commit → sent, issue 14).
    /// </summary>
    protected virtual bool RendersChange(CoverageBatch batch) => true;

    /// <summary>Starts the live updates; a component whose first render awaits something else calls it when ready.</summary>
    protected void StartLiveUpdates()
    {
        if (!_disposed && _subscription is null) _subscription = new CoverageSubscription(Feed, Clock, DeliverAsync, Foreground ? null : Lane, first: Foreground);
    }

    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && StartsLiveOnFirstRender) StartLiveUpdates();
        return Task.CompletedTask;
    }

    /// <summary>False for components that call <see cref="StartLiveUpdates"/> themselves once their own set-up is done.</summary>
    protected virtual bool StartsLiveOnFirstRender => true;

    private async Task DeliverAsync(CoverageBatch batch)
    {
        try
        {
            var rendered = false;
            await InvokeAsync(async () =>
            {
                if (_disposed) return;
                Snapshot = batch.Snapshot;
                Show(batch.Snapshot);
                await OnCoverageChangedAsync(batch);
                rendered = RendersChange(batch);
                if (rendered) StateHasChanged();
            });
            if (rendered) Metrics.CircuitRendered(batch.Events, wall: Foreground);
        }
        catch (Exception e) when (!_disposed && e is not JSDisconnectedException)
        {
            await DispatchExceptionAsync(e);
        }
        catch (Exception e) when (_disposed || e is JSDisconnectedException)
        {
            // The circuit went away while the batch was on its way; nothing is left to update.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _subscription?.Dispose();
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what a derived component holds (JS modules, timers).</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}

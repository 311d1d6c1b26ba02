using Coverage.Dashboard.Security;
using Coverage.Dashboard.Services;
using Coverage.Domain.Access;
using Coverage.Domain.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace Coverage.Dashboard.Components.Shared.Live;

/// <summary>
/// The building block of every screen that shows reports (the inbox, the navigation badge): it knows the signed-in
/// <see cref="Actor"/>, loads what the screen shows through <see cref="LoadAsync"/> when the actor works with reports,
/// subscribes to <see cref="IReportNotices"/> after the first render, reloads on the renderer's thread once per burst of
/// notices in the actor's scope (<see cref="ReportRefresh"/>), reports failures through
/// <see cref="ComponentBase.DispatchExceptionAsync"/> and leaves when the component is disposed.
/// </summary>
public abstract class LiveReportsComponent : ComponentBase, IDisposable
{
    private ReportRefresh? _refresh;
    private bool _disposed;

    [CascadingParameter] private Task<AuthenticationState>? Auth { get; set; }
    [Inject] protected IStationReports Reports { get; private set; } = null!;
    [Inject] private IReportNotices Notices { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    /// <summary>The signed-in actor; null before it is known or when nobody is signed in.</summary>
    protected Actor? Actor { get; private set; }

    /// <summary>Whether the actor works with reports (county and prefecture staff, province admins).</summary>
    protected bool UsesInbox => Actor?.UsesInbox() == true;

    protected override async Task OnInitializedAsync() =>
        Actor = Auth is null ? null : (await Auth).User.ToActor();

    protected override async Task OnParametersSetAsync()
    {
        if (UsesInbox) await LoadAsync();
    }

    /// <summary>Loads what the screen shows for <see cref="Actor"/>; runs at start, on parameter changes and after notices.</summary>
    protected abstract Task LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && UsesInbox && !_disposed)
            _refresh = new ReportRefresh(Notices, n => Actor!.Scope.Covers(n.CountyCode), ReloadAsync, Clock);
    }

    private async Task ReloadAsync()
    {
        try
        {
            await InvokeAsync(async () =>
            {
                if (_disposed) return;
                await LoadAsync();
                StateHasChanged();
            });
        }
        catch (Exception e) when (!_disposed && e is not JSDisconnectedException)
        {
            await DispatchExceptionAsync(e);
        }
        catch (Exception e) when (_disposed || e is JSDisconnectedException)
        {
            // The circuit went away while the reload was on its way; nothing is left to update.
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _refresh?.Dispose();
        GC.SuppressFinalize(this);
    }
}

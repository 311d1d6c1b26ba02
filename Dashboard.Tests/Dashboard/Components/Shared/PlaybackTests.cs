using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using Coverage.Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

/// <summary>The playback control on a timeline 2021-01-15 → 2021-06-10 (steps: five month ends, then today 2021-06-10).</summary>
public sealed class PlaybackTests : DashboardBunitContext
{
    private static readonly DateOnly From = new(2021, 1, 15), Today = new(2021, 6, 10);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2021, 6, 10, 9, 0, 0, TimeSpan.FromHours(8)));

    public PlaybackTests() => Services.AddSingleton<TimeProvider>(_clock);

    private BunitNavigationManager Navigation => (BunitNavigationManager)Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<Playback> RenderPlayback(string? asOf = null)
    {
        if (asOf is not null) Navigation.NavigateTo("/map?prefecture=5134&asOf=" + asOf);
        else Navigation.NavigateTo("/map?prefecture=5134");
        return Render<Playback>(p => p.Add(c => c.From, From).Add(c => c.To, Today).Add(c => c.AsOf, Date(asOf)));
    }

    /// <summary>What the page does on a navigation: it reads asOf from the URL and renders the control with it.</summary>
    private void ShowUrl(IRenderedComponent<Playback> cut) => cut.Render(p => p.Add(c => c.AsOf, Date(UrlAsOf())));

    private string? UrlAsOf() =>
        QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query).TryGetValue("asOf", out var v) ? v.ToString() : null;

    /// <summary>Presses play or pause and waits until the control says so (the timer exists before the clock moves).</summary>
    private static void Toggle(IRenderedComponent<Playback> cut, bool playing)
    {
        cut.Find("[data-testid=playback-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal(playing ? "true" : "false", cut.Find("[data-testid=playback]").GetAttribute("data-playing")));
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void The_timeline_runs_a_month_a_step_from_the_first_plan_date_to_today() =>
        Assert.Equal(
            [new(2021, 1, 31), new(2021, 2, 28), new(2021, 3, 31), new(2021, 4, 30), new(2021, 5, 31), Today],
            Playback.Steps(From, Today));

    [Fact]
    public void Play_steps_a_month_per_tick_keeps_the_other_filters_and_pushes_one_history_entry()
    {
        var cut = RenderPlayback();
        var before = Navigation.History.Count;

        Toggle(cut, playing: true);
        Assert.Equal("2021-01-31", UrlAsOf()); // from the live view, playing starts at the beginning
        Assert.Contains("prefecture=5134", Navigation.Uri, StringComparison.Ordinal);
        ShowUrl(cut);
        Assert.Equal("2021-01-31", cut.Find("[data-testid=playback-date]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=playback-range]").GetAttribute("value"));

        _clock.Advance(Playback.StepAt1x);
        cut.WaitForAssertion(() => Assert.Equal("2021-02-28", UrlAsOf()));
        ShowUrl(cut);
        _clock.Advance(Playback.StepAt1x);
        cut.WaitForAssertion(() => Assert.Equal("2021-03-31", UrlAsOf()));

        // The first step pushed an entry (Back returns to the live view); the steps after it replaced that entry.
        Assert.Equal(before + 1, Navigation.History.Count);
        Assert.True(Navigation.History.First().Options.ReplaceHistoryEntry);
    }

    [Fact]
    public void A_tick_that_comes_before_the_last_step_is_on_screen_is_skipped()
    {
        var cut = RenderPlayback("2021-02-28");
        Toggle(cut, playing: true);
        _clock.Advance(Playback.StepAt1x);
        cut.WaitForAssertion(() => Assert.Equal("2021-03-31", UrlAsOf()));

        // The page has not rendered 2021-03-31 yet: the next ticks change nothing.
        _clock.Advance(Playback.StepAt1x);
        _clock.Advance(Playback.StepAt1x);
        Assert.Equal("2021-03-31", UrlAsOf());

        ShowUrl(cut);
        _clock.Advance(Playback.StepAt1x);
        cut.WaitForAssertion(() => Assert.Equal("2021-04-30", UrlAsOf()));
    }

    [Fact]
    public void Pause_stops_on_a_shareable_frame_and_the_last_step_is_the_live_view()
    {
        var cut = RenderPlayback("2021-04-30");
        Toggle(cut, playing: true);
        _clock.Advance(Playback.StepAt1x);
        cut.WaitForAssertion(() => Assert.Equal("2021-05-31", UrlAsOf()));
        ShowUrl(cut);

        Toggle(cut, playing: false);
        _clock.Advance(Playback.StepAt1x * 3);
        Assert.Equal("2021-05-31", UrlAsOf());

        // Played on, the last step (today) drops asOf and stops.
        Toggle(cut, playing: true);
        _clock.Advance(Playback.StepAt1x);
        cut.WaitForAssertion(() => Assert.Null(UrlAsOf()));
        cut.WaitForAssertion(() => Assert.Equal("false", cut.Find("[data-testid=playback]").GetAttribute("data-playing")));
        ShowUrl(cut);
        Assert.Equal("今天（实时）", cut.Find("[data-testid=playback-date]").TextContent);
    }

    [Fact]
    public void The_handle_sets_the_as_of_date_and_is_a_labelled_range()
    {
        var cut = RenderPlayback();
        var range = cut.Find("[data-testid=playback-range]");
        Assert.Equal("range", range.GetAttribute("type"));
        Assert.Equal("5", range.GetAttribute("max"));
        Assert.Equal("截至", cut.Find($"label[for={range.Id}]").TextContent);

        range.Input("2");
        Assert.Equal("2021-03-31", UrlAsOf());
        ShowUrl(cut);
        Assert.Equal("2021-03-31", cut.Find("[data-testid=playback-range]").GetAttribute("aria-valuetext"));

        cut.Find("[data-testid=playback-range]").Change("5");
        Assert.Null(UrlAsOf());
    }

    [Fact]
    public void At_4x_a_step_takes_a_quarter_of_the_time()
    {
        var cut = RenderPlayback("2021-01-31");
        cut.Find("[data-testid=playback-speed]").Change("4");
        Toggle(cut, playing: true);
        _clock.Advance(Playback.StepAt1x / 4);
        cut.WaitForAssertion(() => Assert.Equal("2021-02-28", UrlAsOf()));
    }

    [Fact]
    public void With_reduced_motion_nothing_plays_by_itself_and_the_button_steps_one_month_by_hand()
    {
        JSInterop.SetupModule("./Components/Shared/Playback.razor.js").Setup<bool>("prefersReducedMotion").SetResult(true);
        var cut = RenderPlayback();
        cut.WaitForAssertion(() => Assert.Equal("off", cut.Find("[data-testid=playback]").GetAttribute("data-autoplay")));
        Assert.Empty(cut.FindAll("[data-testid=playback-toggle]"));
        Assert.Contains("减少动态效果", cut.Find("[data-testid=playback-motion-note]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=playback-step]").Click();
        Assert.Equal("2021-01-31", UrlAsOf()); // from the live view, the first month
        ShowUrl(cut);
        _clock.Advance(Playback.StepAt1x * 5);
        Assert.Equal("2021-01-31", UrlAsOf()); // and no timer moves it on
        Assert.Equal("false", cut.Find("[data-testid=playback]").GetAttribute("data-playing"));

        cut.Find("[data-testid=playback-step]").Click();
        Assert.Equal("2021-02-28", UrlAsOf());
    }

    [Fact]
    public void Without_reduced_motion_the_control_offers_play()
    {
        JSInterop.SetupModule("./Components/Shared/Playback.razor.js").Setup<bool>("prefersReducedMotion").SetResult(false);
        var cut = RenderPlayback();
        Assert.Equal("on", cut.Find("[data-testid=playback]").GetAttribute("data-autoplay"));
        Assert.Single(cut.FindAll("[data-testid=playback-toggle]"));
        Assert.Empty(cut.FindAll("[data-testid=playback-step]"));
    }

    [Fact]
    public void The_buttons_are_native_buttons_with_their_labels_and_a_timeline_of_one_step_disables_them()
    {
        var cut = RenderPlayback("2021-03-31");
        var toggle = cut.Find("[data-testid=playback-toggle]");
        Assert.Equal("BUTTON", toggle.TagName);
        Assert.Equal("button", toggle.GetAttribute("type"));
        Assert.Equal("播放", toggle.GetAttribute("aria-label"));
        Assert.Equal("播放", toggle.GetAttribute("title"));
        Assert.False(toggle.HasAttribute("disabled"));
        Assert.Contains("mud-icon-button", toggle.ClassList);
        Assert.Equal("true", toggle.QuerySelector("svg")!.GetAttribute("aria-hidden"));
        var live = cut.Find("[data-testid=playback-live]");
        Assert.Equal(("BUTTON", "button", "回到今天"), (live.TagName, live.GetAttribute("type"), live.TextContent));

        Toggle(cut, playing: true);
        Assert.Equal("暂停", cut.Find("[data-testid=playback-toggle]").GetAttribute("aria-label"));
        Assert.Equal("暂停", cut.Find("[data-testid=playback-toggle]").GetAttribute("title"));
        Toggle(cut, playing: false);

        cut.Find("[data-testid=playback-live]").Click();
        Assert.Null(UrlAsOf());
        ShowUrl(cut);
        Assert.Empty(cut.FindAll("[data-testid=playback-live]")); // live already: no way back to it

        // From == To: one step, nothing to play.
        var single = Render<Playback>(p => p.Add(c => c.From, Today).Add(c => c.To, Today));
        Assert.True(single.Find("[data-testid=playback-toggle]").HasAttribute("disabled"));
        Assert.True(single.Find("[data-testid=playback-range]").HasAttribute("disabled"));
    }

    [Fact]
    public void With_reduced_motion_the_step_button_is_labelled_and_described_by_the_note()
    {
        JSInterop.SetupModule("./Components/Shared/Playback.razor.js").Setup<bool>("prefersReducedMotion").SetResult(true);
        var cut = RenderPlayback();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=playback-step]")));
        var step = cut.Find("[data-testid=playback-step]");
        Assert.Equal(("BUTTON", "button"), (step.TagName, step.GetAttribute("type")));
        Assert.Equal("下一月", step.GetAttribute("aria-label"));
        Assert.Equal("下一月", step.GetAttribute("title"));
        Assert.Equal(cut.Find("[data-testid=playback-motion-note]").Id, step.GetAttribute("aria-describedby"));
        Assert.False(step.HasAttribute("disabled"));
    }

    [Fact]
    public void The_speed_choice_offers_1x_2x_and_4x_and_starts_at_1x()
    {
        var cut = RenderPlayback();
        var speed = cut.Find("[data-testid=playback-speed]");
        Assert.Equal(["1", "2", "4"], speed.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Equal(["1×", "2×", "4×"], speed.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.Equal("1", speed.GetAttribute("value"));
        Assert.Equal("速度", cut.Find($"label[for={speed.Id}]").TextContent);
    }
}

using Coverage.Domain.Divisions;

namespace Coverage.Dashboard.Tests.Domain;

public sealed class StationTests
{
    private static readonly TownshipCode Township = new("510104017000");
    private static readonly DateOnly Day = new(2023, 3, 1);

    private static Station Planned() => Station.Plan(7, Township, "锦官驿街道社会工作服务站", BuildMode.GovernancePilot, Day);

    [Fact]
    public void Going_live_raises_a_StationChanged_event()
    {
        var station = Planned();
        station.StartConstruction(Day.AddDays(10));
        station.GoLive(Day.AddDays(90));

        Assert.Equal(StationStatus.Operating, station.Status);
        Assert.Equal(Day.AddDays(90), station.OperatingSince);
        Assert.Equal(
            [new StationChanged(7, "510104017000", StationStatus.UnderConstruction, BuildMode.GovernancePilot, Day.AddDays(10)),
             new StationChanged(7, "510104017000", StationStatus.Operating, BuildMode.GovernancePilot, Day.AddDays(90))],
            station.Changes);
    }

    [Fact]
    public void A_planned_station_cannot_go_live_without_construction()
    {
        var station = Planned();
        var error = Assert.Throws<StationRuleException>(() => station.GoLive(Day.AddDays(5)));
        Assert.Contains("Planned to Operating", error.Message);
        Assert.Equal(StationStatus.Planned, station.Status);
        Assert.Empty(station.Changes);
    }

    [Fact]
    public void Dates_may_not_go_backwards()
    {
        var station = Planned();
        station.StartConstruction(Day.AddDays(30));
        Assert.Throws<StationRuleException>(() => station.GoLive(Day.AddDays(29)));
        Assert.Equal(StationStatus.UnderConstruction, station.Status);
    }

    [Fact]
    public void A_suspended_station_that_had_gone_live_resumes_operating()
    {
        var station = Planned();
        station.StartConstruction(Day.AddDays(1));
        station.GoLive(Day.AddDays(2));
        station.Suspend(Day.AddDays(3));
        Assert.Equal(StationStatus.Suspended, station.Status);

        station.Resume(Day.AddDays(4));
        Assert.Equal(StationStatus.Operating, station.Status);
        Assert.Null(station.SuspendedOn);
    }

    [Fact]
    public void Suspended_construction_resumes_as_construction()
    {
        var station = Planned();
        station.StartConstruction(Day.AddDays(1));
        station.Suspend(Day.AddDays(2));
        station.MoveTo(StationStatus.UnderConstruction, Day.AddDays(3));
        Assert.Equal(StationStatus.UnderConstruction, station.Status);
    }

    [Fact]
    public void A_move_ends_in_the_status_asked_for_or_changes_nothing()
    {
        var wentLive = Planned();
        wentLive.StartConstruction(Day.AddDays(1));
        wentLive.GoLive(Day.AddDays(2));
        wentLive.Suspend(Day.AddDays(3));
        var error = Assert.Throws<StationRuleException>(() => wentLive.MoveTo(StationStatus.UnderConstruction, Day.AddDays(4)));
        Assert.Contains("resumes operating", error.Message, StringComparison.Ordinal);
        Assert.Equal((StationStatus.Suspended, Day.AddDays(3)), (wentLive.Status, wentLive.SuspendedOn));

        var neverLive = Planned();
        neverLive.StartConstruction(Day.AddDays(1));
        neverLive.Suspend(Day.AddDays(2));
        Assert.False(neverLive.CanMoveTo(StationStatus.Operating));
        Assert.Throws<StationRuleException>(() => neverLive.MoveTo(StationStatus.Operating, Day.AddDays(3)));
        Assert.Equal(StationStatus.Suspended, neverLive.Status);
        Assert.Null(neverLive.OperatingSince);
    }

    [Theory]
    [InlineData(StationStatus.Planned, StationStatus.UnderConstruction, true)]
    [InlineData(StationStatus.UnderConstruction, StationStatus.Operating, true)]
    [InlineData(StationStatus.Operating, StationStatus.Suspended, true)]
    [InlineData(StationStatus.Suspended, StationStatus.Operating, true)]
    [InlineData(StationStatus.Planned, StationStatus.Operating, false)]
    [InlineData(StationStatus.Operating, StationStatus.Planned, false)]
    [InlineData(StationStatus.Operating, StationStatus.UnderConstruction, false)]
    [InlineData(StationStatus.Planned, StationStatus.Suspended, false)]
    public void Only_the_lifecycle_steps_are_allowed(StationStatus from, StationStatus to, bool allowed) =>
        Assert.Equal(allowed, Station.CanMove(from, to));

    [Fact]
    public void A_record_whose_dates_disagree_with_its_status_is_rejected()
    {
        var record = new StationRecord(1, Township, "站", BuildMode.ExistingVenue, StationStatus.Operating,
            Day, Day.AddDays(1), OperatingSince: null, SuspendedOn: null, 1, 0, StationServices.Needs, null);
        Assert.Equal("an Operating station needs construction_started_on and operating_since", Station.Validate(record));
        Assert.Throws<StationRuleException>(() => Station.Restore(record));
    }

    [Fact]
    public void Certified_staff_cannot_exceed_staff()
    {
        var record = new StationRecord(1, Township, "站", BuildMode.ExistingVenue, StationStatus.Planned,
            Day, null, null, null, 2, 3, StationServices.None, null);
        Assert.Equal("certified social workers exceed social workers", Station.Validate(record));
    }

    [Fact]
    public void An_import_may_move_forward_but_never_back()
    {
        var station = Planned();
        var live = new StationRecord(7, Township, "站", BuildMode.CountySelfBuilt, StationStatus.Operating,
            Day, Day.AddDays(10), Day.AddDays(20), null, 4, 1, StationServices.Needs | StationServices.Care, "运营方");
        station.Update(live, Day.AddDays(20));
        Assert.Equal(StationStatus.Operating, station.Status);
        Assert.Single(station.Changes);

        var back = live with { Status = StationStatus.Planned, ConstructionStartedOn = null, OperatingSince = null };
        var error = Assert.Throws<StationRuleException>(() => station.Update(back, Day.AddDays(21)));
        Assert.Equal("illegal transition Operating → Planned", error.Message);
    }

    [Theory]
    [InlineData("2020-12-31", null)]
    [InlineData("2021-01-01", StationStatus.Planned)]
    [InlineData("2021-05-01", StationStatus.UnderConstruction)]
    [InlineData("2021-09-01", StationStatus.Operating)]
    [InlineData("2024-06-01", StationStatus.Suspended)]
    public void The_status_as_of_a_date_follows_the_dates(string asOf, StationStatus? expected) =>
        Assert.Equal(expected, new StationRecord(1, new TownshipCode("510104017000"), "站", BuildMode.ExistingVenue, StationStatus.Suspended,
                new DateOnly(2021, 1, 1), new DateOnly(2021, 5, 1), new DateOnly(2021, 9, 1), new DateOnly(2024, 6, 1), 0, 0, StationServices.None, null)
            .StatusAsOf(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)));
}

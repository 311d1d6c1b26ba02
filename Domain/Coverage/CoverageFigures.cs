using Coverage.Domain.Planning;
using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>Coverage of one division (or the whole filter) against the plan for a year.</summary>
public sealed record CoverageFigure(string? Code, string? Name, CoverageTally Tally, int PlanYear, double PlanTarget)
{
    public double Percent => Tally.Percent;

    /// <summary>Coverage minus the plan target, in percentage points (negative: behind the plan).</summary>
    public double PlanDifference => Percent - PlanTarget;

    public bool IsBehindPlan => PlanDifference < 0;
}

public sealed record ModeShare(BuildMode Mode, int Stations, int Operating);

public sealed record TrendPoint(DateOnly Date, double Percent);

/// <summary>Stations that went live today and this month (today included), by their operating date.</summary>
public sealed record GoLiveCounts(int Today, int ThisMonth);

/// <summary>A count at the end of one day.</summary>
public sealed record DailyCount(DateOnly Date, int Count);

/// <summary>
/// Stations stuck at one stage for longer than <see cref="CoverageFigures.OverdueAfterMonths"/>: planned and not yet
/// under construction, or under construction and not yet operating.
/// </summary>
public sealed record OverdueCounts(int Planned, int UnderConstruction)
{
    public int Total => Planned + UnderConstruction;
}

/// <summary>Coverage at the end of each month, and the plan line it is held against.</summary>
public sealed record CoverageTrend(IReadOnlyList<TrendPoint> Actual, IReadOnlyList<TrendPoint> Plan);

/// <summary>
/// The figures the overview, the map page, the wall and the API show, all read from one <see cref="CoverageSnapshot"/>
/// (in memory, so no request touches the database for them). "This year" is the <see cref="TimeProvider"/>'s
/// local year unless the filter looks at a past date.
/// </summary>
public sealed class CoverageFigures(TimeProvider clock)
{
    /// <summary>A five-year plan: without plan targets, the trend starts this many years back (this year included).</summary>
    public const int PlanPeriodYears = 5;

    /// <summary>
    /// A station is overdue when it has been planned, or under construction, for longer than this: a year is the
    /// plan's own step (its targets are yearly), so a station still at one stage after a full year misses one.
    /// </summary>
    public const int OverdueAfterMonths = 12;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>The plan year a filter is judged against: its as-of year, else this year.</summary>
    public int PlanYear(CoverageFilter filter) => filter.AsOf?.Year ?? Today.Year;

    /// <summary>
    /// The filter's coverage against this year's plan. The 未运营 filter (<see cref="CoverageFilter.IsNotOperating"/>) picks the
    /// gaps to list, not the townships to count: its figure is the scope's real coverage, never a misleading 0 %.
    /// </summary>
    public CoverageFigure Summary(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(Summary), filter, () => ComputeSummary(snapshot, filter));

    private CoverageFigure ComputeSummary(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        if (filter.IsNotOperating) filter = filter with { Statuses = null, WithoutStation = false };
        var year = PlanYear(filter);
        return new CoverageFigure(filter.County ?? filter.Prefecture, null, snapshot.Tally(filter), year,
            snapshot.PlanTarget(year, snapshot.PrefectureOf(filter)));
    }

    /// <summary>Every prefecture's coverage (mode and status filters apply; the scope does not), in code order.</summary>
    public IReadOnlyList<CoverageFigure> Prefectures(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(Prefectures), filter, () => ComputePrefectures(snapshot, filter));

    private IReadOnlyList<CoverageFigure> ComputePrefectures(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var year = PlanYear(filter);
        var tallies = snapshot.TallyBy(filter with { Prefecture = null, County = null }, t => t.PrefectureCode);
        return snapshot.Prefectures.Values
            .Select(p => new CoverageFigure(p.Code, p.Name, tallies.GetValueOrDefault(p.Code, CoverageTally.Empty), year, snapshot.PlanTarget(year, p.Code)))
            .ToList();
    }

    /// <summary>The counties in the filter's prefecture (all when none) with their coverage, in code order.</summary>
    public IReadOnlyList<CoverageFigure> Counties(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(Counties), filter, () => ComputeCounties(snapshot, filter));

    private IReadOnlyList<CoverageFigure> ComputeCounties(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var year = PlanYear(filter);
        var tallies = snapshot.TallyBy(filter with { County = null }, t => t.CountyCode);
        // A county's target is its prefecture's: worked out once for each of the ~21 prefectures, not once for each of ~183 counties.
        var targets = new Dictionary<string, double>(StringComparer.Ordinal);
        double Target(string prefecture) =>
            targets.TryGetValue(prefecture, out var target) ? target : targets[prefecture] = snapshot.PlanTarget(year, prefecture);
        return snapshot.Counties.Values
            .Where(c => filter.Prefecture is null || c.PrefectureCode == filter.Prefecture)
            .Select(c => new CoverageFigure(c.Code, c.Name, tallies.GetValueOrDefault(c.Code, CoverageTally.Empty), year, Target(c.PrefectureCode)))
            .ToList();
    }

    /// <summary>The divisions one level below the filter's scope (prefectures of the province, counties of a prefecture), best first.</summary>
    public IReadOnlyList<CoverageFigure> Ranking(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(Ranking), filter, () => (IReadOnlyList<CoverageFigure>)(filter.Prefecture is null ? Prefectures(snapshot, filter) : Counties(snapshot, filter))
            .OrderByDescending(r => r.Percent).ThenBy(r => r.Code, StringComparer.Ordinal).ToList());

    /// <summary>
    /// The league table of the filter's scope, in code order: every prefecture for the province, the counties of the
    /// prefecture below it — for a county, the counties of its prefecture, so it is seen among its peers. Coverage follows
    /// the filter as in <see cref="Ranking"/>; this month's go-lives and the overdue stations are today's figures of each
    /// row's division, by the one rule of <see cref="GoLives"/> and <see cref="Overdue"/>.
    /// </summary>
    public IReadOnlyList<LeagueRow> League(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(League), filter, () => ComputeLeague(snapshot, filter));

    private IReadOnlyList<LeagueRow> ComputeLeague(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var prefecture = snapshot.PrefectureOf(filter);
        var figures = prefecture is null ? Prefectures(snapshot, filter) : Counties(snapshot, filter with { Prefecture = prefecture });
        var scope = filter with { Prefecture = prefecture, County = null };
        Func<TownshipState, string> key = prefecture is null ? t => t.PrefectureCode : t => t.CountyCode;
        var goLives = GoLivesBy(snapshot, scope, key);
        var overdue = OverdueBy(snapshot, scope, key);
        return figures.Select(f => new LeagueRow(f, goLives.GetValueOrDefault(f.Code!)?.ThisMonth ?? 0,
            overdue.GetValueOrDefault(f.Code!) ?? new OverdueCounts(0, 0))).ToList();
    }

    /// <summary>How many stations each build mode has, and how many of them operate, among the filtered townships (as of the filter's date).</summary>
    public IReadOnlyList<ModeShare> ModeMix(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(ModeMix), filter, () => ComputeModeMix(snapshot, filter));

    private static IReadOnlyList<ModeShare> ComputeModeMix(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var stations = new int[DomainIds.Modes.Count];
        var operating = new int[DomainIds.Modes.Count];
        foreach (var t in snapshot.Select(filter))
        {
            // As of a past day, a station not yet planned then does not count (its status then is null).
            if (t.Station is null || t.StatusAsOf(filter.AsOf) is not { } status) continue;
            stations[(int)t.Station.Mode]++;
            if (CoverageRules.Covers(status)) operating[(int)t.Station.Mode]++;
        }
        return DomainIds.Modes.Select(m => new ModeShare(m, stations[(int)m], operating[(int)m])).ToList();
    }

    /// <summary>
    /// Plan against actual by build mode (五个一批) for every year from the plan's first year to this one, each marked with
    /// its plan phase: the stations of the countable townships in the filter's scope (and modes) that were planned by the
    /// end of the year (they have a status then, by the read model's rule), and those of them operating at its end —
    /// this year's from their status now. Statuses and as-of do not apply: the table is the whole history.
    /// </summary>
    public IReadOnlyList<PlanByModeYear> PlanByMode(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(PlanByMode), filter, () => ComputePlanByMode(snapshot, filter));

    private IReadOnlyList<PlanByModeYear> ComputePlanByMode(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var today = Today;
        var first = snapshot.PlanTargets.Count > 0 ? snapshot.PlanTargets.Min(p => p.Year) : today.Year - PlanPeriodYears + 1;
        var stations = snapshot.Select(Now(filter)).Where(t => t.CountsInCoverage && t.Station is not null).Select(t => t.Station!).ToList();
        var years = new List<PlanByModeYear>();
        for (var year = first; year <= today.Year; year++)
        {
            DateOnly? end = year < today.Year ? new DateOnly(year, 12, 31) : null;
            var planned = new int[DomainIds.Modes.Count];
            var operating = new int[DomainIds.Modes.Count];
            foreach (var s in stations)
            {
                var status = s.StatusAsOf(end);
                if (status is null) continue;
                planned[(int)s.Mode]++;
                if (CoverageRules.Covers(status)) operating[(int)s.Mode]++;
            }
            years.Add(new PlanByModeYear(year, PlanPhases.Of(year),
                DomainIds.Modes.Select(m => new ModePlanActual(m, planned[(int)m], operating[(int)m])).ToList()));
        }
        return years;
    }

    /// <summary>Coverage at the end of every month from <paramref name="from"/> to <paramref name="to"/>, in the filter's scope.</summary>
    public IReadOnlyList<TrendPoint> MonthlyCoverage(CoverageSnapshot snapshot, CoverageFilter filter, DateOnly from, DateOnly to)
    {
        var scope = snapshot.Townships.Where(t => t.CountsInCoverage && filter.InScope(t)).ToList();
        var points = new List<TrendPoint>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var end = month.AddMonths(1).AddDays(-1);
            if (end > to) end = to;
            var covered = scope.Count(t => CoverageRules.Covers(t.StatusAsOf(end)));
            points.Add(new TrendPoint(end, scope.Count == 0 ? 0 : 100.0 * covered / scope.Count));
        }
        return points;
    }

    /// <summary>The plan line: the target at the end of each plan year, starting from zero before the first.</summary>
    public IReadOnlyList<TrendPoint> PlanLine(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var years = snapshot.PlanTargets.Select(p => p.Year).Distinct().Order().ToList();
        if (years.Count == 0) return [];
        var prefecture = snapshot.PrefectureOf(filter);
        List<TrendPoint> line = [new(new DateOnly(years[0], 1, 1), 0)];
        line.AddRange(years.Select(y => new TrendPoint(new DateOnly(y, 12, 31), snapshot.PlanTarget(y, prefecture))));
        return line;
    }

    /// <summary>Monthly coverage from the start of the plan (or of the last five-year period) to today, with the plan line.</summary>
    public CoverageTrend Trend(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(Trend), filter, () => ComputeTrend(snapshot, filter));

    private CoverageTrend ComputeTrend(CoverageSnapshot snapshot, CoverageFilter filter)
    {
        var plan = PlanLine(snapshot, filter);
        var start = plan.Count > 0 ? plan[0].Date : new DateOnly(Today.Year - PlanPeriodYears + 1, 1, 1);
        return new CoverageTrend(MonthlyCoverage(snapshot, filter, start, Today), plan);
    }

    /// <summary>The first day of the roll-out, where a time playback starts: the earliest planned date of any station (null: none has one).</summary>
    public static DateOnly? FirstPlannedOn(CoverageSnapshot snapshot) =>
        snapshot.Figures.Get(nameof(FirstPlannedOn), CoverageFilter.All, default, 0, () =>
        {
            DateOnly? first = null;
            foreach (var t in snapshot.Townships)
                if (t.Station?.PlannedOn is { } on && (first is null || on < first)) first = on;
            return first;
        });

    /// <summary>The most recent go-lives (by operating date) among the filtered townships, newest first.</summary>
    public IReadOnlyList<TownshipView> LatestGoLives(CoverageSnapshot snapshot, CoverageFilter filter, int count) =>
        Memo(snapshot, nameof(LatestGoLives), filter, () => (IReadOnlyList<TownshipView>)snapshot.Views(filter)
            .Where(v => v.WentLiveOn is not null)
            .OrderByDescending(v => v.WentLiveOn).ThenByDescending(v => v.Township.Station!.Id)
            .Take(count)
            .ToList(), count);

    /// <summary>
    /// The divisions of the <see cref="Ranking"/> that are furthest behind this year's plan (largest gap between
    /// target and coverage), at most <paramref name="count"/>, the furthest first; divisions with nothing to cover are left out.
    /// </summary>
    public IReadOnlyList<CoverageFigure> MostBehindPlan(CoverageSnapshot snapshot, CoverageFilter filter, int count) =>
        Memo(snapshot, nameof(MostBehindPlan), filter, () => (IReadOnlyList<CoverageFigure>)Ranking(snapshot, filter)
            .Where(r => r.IsBehindPlan && r.Tally.Townships > 0)
            .OrderBy(r => r.PlanDifference).ThenBy(r => r.Code, StringComparer.Ordinal)
            .Take(count)
            .ToList(), count);

    /// <summary>
    /// How many stations in the filter's scope (and build modes) went live today and this month, by their operating
    /// date. Every station counts, special units too, as the go-live ticker shows them all; statuses and as-of do not apply.
    /// </summary>
    public GoLiveCounts GoLives(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(GoLives), filter, () => GoLivesBy(snapshot, filter, _ => "").GetValueOrDefault("", new GoLiveCounts(0, 0)));

    /// <summary><see cref="GoLives"/> for every division at once, by <paramref name="key"/> (divisions without a go-live are left out).</summary>
    public Dictionary<string, GoLiveCounts> GoLivesBy(CoverageSnapshot snapshot, CoverageFilter filter, Func<TownshipState, string> key)
    {
        var today = Today;
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var counts = new Dictionary<string, GoLiveCounts>(StringComparer.Ordinal);
        foreach (var t in snapshot.Select(Now(filter)))
        {
            if (t.Station?.WentLiveBy(today) is not { } on || on < monthStart) continue;
            var k = key(t);
            var (onDay, inMonth) = counts.GetValueOrDefault(k, new GoLiveCounts(0, 0));
            counts[k] = new GoLiveCounts(on == today ? onDay + 1 : onDay, inMonth + 1);
        }
        return counts;
    }

    /// <summary>
    /// The operating stations of the countable townships in the filter's scope at the end of each of the last
    /// <paramref name="days"/> days, oldest first: past days from the stations' dates, today from their status now
    /// (so the last point is the Operating figure of <see cref="Summary"/>).
    /// </summary>
    public IReadOnlyList<DailyCount> OperatingByDay(CoverageSnapshot snapshot, CoverageFilter filter, int days) =>
        Memo(snapshot, nameof(OperatingByDay), filter, () => ComputeOperatingByDay(snapshot, filter, days), days);

    private IReadOnlyList<DailyCount> ComputeOperatingByDay(CoverageSnapshot snapshot, CoverageFilter filter, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var today = Today;
        var first = today.AddDays(-(days - 1));
        // One pass over the stations, not one per day (a wall asks after every change): a station's status as of a day changes
        // only on one of its own dates, so it is asked as of the first day, and again as of each of its dates inside the past
        // days; what changes goes into a running difference by day. Today is its status now.
        var steps = new int[days];
        var now = 0;
        Span<DateOnly> dates = stackalloc DateOnly[4];
        foreach (var t in snapshot.Select(Now(filter)))
        {
            if (!t.CountsInCoverage || t.Station is not { } station) continue;
            if (CoverageRules.Covers(t.StatusAsOf(null))) now++;
            if (days == 1) continue;
            var covers = CoverageRules.Covers(t.StatusAsOf(first));
            if (covers) steps[0]++;
            // Its dates inside the past days, in order (no allocation: this runs for every station after every change).
            var n = 0;
            foreach (var date in (ReadOnlySpan<DateOnly?>)[station.PlannedOn, station.ConstructionStartedOn, station.OperatingSince, station.SuspendedOn])
                if (date is { } d && d > first && d < today) dates[n++] = d;
            var inside = dates[..n];
            inside.Sort();
            foreach (var date in inside)
            {
                if (CoverageRules.Covers(t.StatusAsOf(date)) == covers) continue;
                covers = !covers;
                steps[date.DayNumber - first.DayNumber] += covers ? 1 : -1;
            }
        }
        var points = new List<DailyCount>(days);
        var count = 0;
        for (var i = 0; i < days - 1; i++)
        {
            count += steps[i];
            points.Add(new DailyCount(first.AddDays(i), count));
        }
        points.Add(new DailyCount(today, now));
        return points;
    }

    /// <summary>
    /// The stations of the countable townships in the filter's scope that are overdue now (see <see cref="OverdueCounts"/>):
    /// planned, or under construction, since before <see cref="OverdueAfterMonths"/> months ago. A planned station with no
    /// planned date is not counted: nothing says since when.
    /// </summary>
    public OverdueCounts Overdue(CoverageSnapshot snapshot, CoverageFilter filter) =>
        Memo(snapshot, nameof(Overdue), filter, () => OverdueBy(snapshot, filter, _ => "").GetValueOrDefault("", new OverdueCounts(0, 0)));

    /// <summary><see cref="Overdue"/> for every division at once, by <paramref name="key"/> (divisions with none are left out).</summary>
    public Dictionary<string, OverdueCounts> OverdueBy(CoverageSnapshot snapshot, CoverageFilter filter, Func<TownshipState, string> key)
    {
        var today = Today;
        var counts = new Dictionary<string, OverdueCounts>(StringComparer.Ordinal);
        foreach (var t in snapshot.Select(Now(filter)))
        {
            if (!t.CountsInCoverage || t.Station is not { } s || !IsStuck(s.Status, s.StatusSince(null), today)) continue;
            var k = key(t);
            var (p, b) = counts.GetValueOrDefault(k, new OverdueCounts(0, 0));
            counts[k] = s.Status == StationStatus.Planned ? new OverdueCounts(p + 1, b) : new OverdueCounts(p, b + 1);
        }
        return counts;
    }

    /// <summary>
    /// The one overdue rule for a single station: planned, or under construction, since a day before
    /// <see cref="OverdueAfterMonths"/> months before <paramref name="day"/> (exactly twelve months is not longer). No date: not stuck.
    /// </summary>
    public static bool IsStuck(StationStatus? status, DateOnly? since, DateOnly day) =>
        status is StationStatus.Planned or StationStatus.UnderConstruction && since < day.AddMonths(-OverdueAfterMonths);

    /// <summary>
    /// The year a prefecture's plan reaches 100 % (the first year whose target is 100), or null when its plan never does.
    /// Once that year has passed, every township of the prefecture still without an operating station is overdue.
    /// </summary>
    public static int? FullCoverageYear(CoverageSnapshot snapshot, string prefecture) =>
        snapshot.PlanTargets.Select(p => p.Year).Distinct().Order()
            .Cast<int?>().FirstOrDefault(y => snapshot.PlanTarget(y!.Value, prefecture) >= 100);

    /// <summary>A figure of <paramref name="snapshot"/>, computed once for its filter, today and argument and shared by its readers.</summary>
    private T Memo<T>(CoverageSnapshot snapshot, string name, CoverageFilter filter, Func<T> compute, int argument = 0) =>
        snapshot.Figures.Get(name, filter, Today, argument, compute);

    /// <summary>The filter's scope and build modes, now: the live figures of the day ignore statuses and as-of.</summary>
    private static CoverageFilter Now(CoverageFilter filter) => filter with { Statuses = null, WithoutStation = false, AsOf = null };
}

namespace Coverage.Domain.Coverage;

/// <summary>
/// One row of a league table (a prefecture of the province, or a county of a prefecture): its coverage against the plan,
/// the go-lives of this month and the stations overdue now. The one shape the league tables show and export.
/// </summary>
public sealed record LeagueRow(CoverageFigure Figure, int GoLivesThisMonth, OverdueCounts Overdue)
{
    public string Code => Figure.Code!;

    public string Name => Figure.Name ?? Figure.Code!;

    public CoverageTally Tally => Figure.Tally;
}

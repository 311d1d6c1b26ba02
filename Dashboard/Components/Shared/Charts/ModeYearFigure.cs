using Coverage.Domain.Stations;

namespace Coverage.Dashboard.Components.Shared.Charts;

/// <summary>One build mode in one plan year, as <see cref="PlanByModeChart"/> draws it: stations planned and stations operating.</summary>
public sealed record ModeYearFigure(BuildMode Mode, int Year, int Planned, int Operating);

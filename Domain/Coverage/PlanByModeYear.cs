using Coverage.Domain.Planning;
using Coverage.Domain.Stations;

namespace Coverage.Domain.Coverage;

/// <summary>One build mode in one year: stations planned by the end of the year, and of them operating at its end.</summary>
public sealed record ModePlanActual(BuildMode Mode, int Planned, int Operating);

/// <summary>Plan against actual for every build mode (五个一批) at the end of one year, with the plan phase the year belongs to.</summary>
public sealed record PlanByModeYear(int Year, PlanPhase? Phase, IReadOnlyList<ModePlanActual> Modes)
{
    public int Planned => Modes.Sum(m => m.Planned);

    public int Operating => Modes.Sum(m => m.Operating);
}

namespace Coverage.Domain.Planning;

/// <summary>The two phases of the province's station plan (ids <c>pilot</c>, <c>expansion</c>).</summary>
public enum PlanPhase
{
    /// <summary>三年试点, 2021–2023.</summary>
    Pilot,
    /// <summary>两年扩面, 2024–2025.</summary>
    Expansion,
}

/// <summary>The years of each plan phase: the one place they are written down.</summary>
public static class PlanPhases
{
    public static readonly IReadOnlyList<(PlanPhase Phase, int From, int To)> Years =
    [
        (PlanPhase.Pilot, 2021, 2023),
        (PlanPhase.Expansion, 2024, 2025),
    ];

    /// <summary>The phase <paramref name="year"/> belongs to, or null outside the plan.</summary>
    public static PlanPhase? Of(int year) =>
        Years.Where(p => year >= p.From && year <= p.To).Select(p => (PlanPhase?)p.Phase).FirstOrDefault();
}

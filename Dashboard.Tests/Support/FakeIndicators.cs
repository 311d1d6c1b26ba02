using Coverage.Domain.Indicators;

namespace Coverage.Dashboard.Tests.Support;

/// <summary>The indicator book as the database would hand it over, for component tests (the store is tested against PostGIS).</summary>
public sealed class FakeIndicators(IndicatorBook book) : IIndicators
{
    public IndicatorBook Book { get; set; } = book;

    /// <summary>When set, loading fails with it (a database that cannot be reached).</summary>
    public Exception? Failure { get; set; }

    public Task<IndicatorBook> LoadAsync(CancellationToken ct = default) =>
        Failure is null ? Task.FromResult(Book) : Task.FromException<IndicatorBook>(Failure);
}

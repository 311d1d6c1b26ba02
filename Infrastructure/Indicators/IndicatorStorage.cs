using Coverage.Domain.Indicators;
using Coverage.Infrastructure.Data;
using Coverage.Infrastructure.Data.Configurations;
using Coverage.Domain.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coverage.Infrastructure.Indicators;

/// <summary>An indicator as stored: the definition plus its place on the board.</summary>
public sealed class IndicatorRow
{
    public string Id { get; set; } = "";
    public int Position { get; set; }
    public IndicatorField Field { get; set; }
    public string Name { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string Unit { get; set; } = "";
    public IndicatorComparison Comparison { get; set; }
    public decimal? Target { get; set; }
    public decimal Baseline { get; set; }
    public DateOnly Start { get; set; }
    public DateOnly Deadline { get; set; }
    public IndicatorLevel Level { get; set; }
    public DerivedIndicator Derived { get; set; }
    public string Source { get; set; } = "";

    public Indicator ToIndicator() => new(Id, Field, Name, NameEn, Unit, Comparison, Target, Baseline, Start, Deadline, Level, Derived, Source);

    public static IndicatorRow From(Indicator i, int position) => new()
    {
        Id = i.Id, Position = position, Field = i.Field, Name = i.Name, NameEn = i.NameEn, Unit = i.Unit, Comparison = i.Comparison,
        Target = i.Target, Baseline = i.Baseline, Start = i.Start, Deadline = i.Deadline, Level = i.Level, Derived = i.Derived, Source = i.Source,
    };
}

/// <summary>A value as stored: one per indicator, scope and year (an import replaces it).</summary>
public sealed class IndicatorValueRow
{
    public string IndicatorId { get; set; } = "";
    public string Scope { get; set; } = "";
    public int Year { get; set; }
    public decimal Value { get; set; }
    public DateOnly AsOf { get; set; }
    public string Source { get; set; } = "";
    public bool Synthetic { get; set; }

    public IndicatorValue ToValue() => new(IndicatorId, Scope, Year, Value, AsOf, Source, Synthetic);

    public static IndicatorValueRow From(IndicatorValue v) => new()
    {
        IndicatorId = v.IndicatorId, Scope = v.Scope, Year = v.Year, Value = v.Value, AsOf = v.AsOf, Source = v.Source, Synthetic = v.Synthetic,
    };
}

/// <summary>The column lengths of the indicator tables, which the import checks before it writes.</summary>
public static class IndicatorColumns
{
    public const int IdLength = 64;
    public const int NameLength = 128;
    public const int NameEnLength = 256;
    public const int UnitLength = 16;
    public const int SourceLength = FieldLengths.DatasetSourceText;
    public const int ValueSourceLength = 256;
}

internal sealed class IndicatorRowConfiguration : IEntityTypeConfiguration<IndicatorRow>
{
    private const string Table = "indicators";

    public void Configure(EntityTypeBuilder<IndicatorRow> b)
    {
        b.ToTable(Table);
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).HasMaxLength(IndicatorColumns.IdLength);
        b.HasIdColumn(i => i.Field, Table, "field", 32);
        b.HasIdColumn(i => i.Comparison, Table, "comparison", 16);
        b.HasIdColumn(i => i.Level, Table, "level", 16);
        b.HasIdColumn(i => i.Derived, Table, "derived", 32);
        b.Property(i => i.Name).HasMaxLength(IndicatorColumns.NameLength);
        b.Property(i => i.NameEn).HasMaxLength(IndicatorColumns.NameEnLength);
        b.Property(i => i.Unit).HasMaxLength(IndicatorColumns.UnitLength);
        b.Property(i => i.Source).HasMaxLength(IndicatorColumns.SourceLength);
        b.Property(i => i.Target).HasPrecision(14, 2);
        b.Property(i => i.Baseline).HasPrecision(14, 2);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_indicators_target", "(comparison = 'tracked') = (target IS NULL)");
            t.HasCheckConstraint("ck_indicators_dates", "start < deadline");
        });
    }
}

internal sealed class IndicatorValueRowConfiguration : IEntityTypeConfiguration<IndicatorValueRow>
{
    public void Configure(EntityTypeBuilder<IndicatorValueRow> b)
    {
        b.ToTable("indicator_values", t => t.HasCheckConstraint("ck_indicator_values_scope", "scope ~ '^51([0-9]{2})?$'"));
        b.HasKey(v => new { v.IndicatorId, v.Scope, v.Year });
        b.Property(v => v.IndicatorId).HasMaxLength(IndicatorColumns.IdLength);
        b.Property(v => v.Scope).HasMaxLength(DivisionTables.PrefectureCodeLength);
        b.Property(v => v.Value).HasPrecision(14, 2);
        b.Property(v => v.Source).HasMaxLength(IndicatorColumns.ValueSourceLength);
        b.HasOne<IndicatorRow>().WithMany().HasForeignKey(v => v.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Reads the board's indicators and values from the database.</summary>
internal sealed class IndicatorStore(IDbContextFactory<CoverageDbContext> dbFactory) : IIndicators
{
    public async Task<IndicatorBook> LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var indicators = await db.Indicators.AsNoTracking().OrderBy(i => i.Position).ToListAsync(ct);
        var values = await db.IndicatorValues.AsNoTracking().ToListAsync(ct);
        return new([.. indicators.Select(i => i.ToIndicator())], [.. values.Select(v => v.ToValue())]);
    }
}

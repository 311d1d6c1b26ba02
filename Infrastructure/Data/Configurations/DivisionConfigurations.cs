using Coverage.Domain.Divisions;
using Coverage.Domain.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coverage.Infrastructure.Data.Configurations;

internal sealed class PrefectureConfiguration : IEntityTypeConfiguration<Prefecture>
{
    public void Configure(EntityTypeBuilder<Prefecture> b) => DivisionTables.Configure(b, "prefectures", DivisionTables.PrefectureCodeLength);
}

internal sealed class CountyConfiguration : IEntityTypeConfiguration<County>
{
    public void Configure(EntityTypeBuilder<County> b)
    {
        DivisionTables.Configure(b, "counties", DivisionTables.CountyCodeLength);
        DivisionTables.BelongsTo<County, Prefecture>(b, nameof(County.PrefectureCode), DivisionTables.PrefectureCodeLength);
        b.HasIdColumn(c => c.Kind, "counties", "kind", DivisionTables.KindLength);
    }
}

internal sealed class TownshipConfiguration : IEntityTypeConfiguration<Township>
{
    public void Configure(EntityTypeBuilder<Township> b)
    {
        DivisionTables.Configure(b, "townships", DivisionTables.TownshipCodeLength);
        DivisionTables.BelongsTo<Township, County>(b, nameof(Township.CountyCode), DivisionTables.CountyCodeLength);
        b.HasIdColumn(t => t.Kind, "townships", "kind", DivisionTables.KindLength);
        b.Ignore(t => t.CountsInCoverage);
    }
}

/// <summary>
/// What the three division tables have in common, and the code widths the tables that refer to divisions use too.
/// </summary>
internal static class DivisionTables
{
    /// <summary>The GB/T 2260 prefix, e.g. 5101.</summary>
    public const int PrefectureCodeLength = 4;
    /// <summary>The GB/T 2260 county-level code, e.g. 510104.</summary>
    public const int CountyCodeLength = 6;
    /// <summary>The statistical division code, e.g. 510104017000.</summary>
    public const int TownshipCodeLength = 12;
    public const int NameLength = FieldLengths.DivisionName;
    public const int KindLength = 16;

    /// <summary>
    /// A division table: its code (of the level's length) as key, a name, and an SRID-4326 boundary with a GiST index
    /// for the spatial queries. The division entities all call these properties Code, Name and Boundary.
    /// </summary>
    public static void Configure<T>(EntityTypeBuilder<T> b, string table, int codeLength) where T : class
    {
        b.ToTable(table);
        b.HasKey(nameof(Prefecture.Code));
        b.Property(nameof(Prefecture.Code)).HasMaxLength(codeLength);
        b.Property(nameof(Prefecture.Name)).HasMaxLength(NameLength);
        b.Property(nameof(Prefecture.Boundary)).HasColumnType("geometry(MultiPolygon,4326)");
        b.HasIndex(nameof(Prefecture.Boundary)).HasMethod("gist");
    }

    /// <summary>
    /// A lower level's link to the level above: the parent's code, indexed, under a foreign key that refuses to delete
    /// a parent that still has children.
    /// </summary>
    public static void BelongsTo<T, TParent>(EntityTypeBuilder<T> b, string parentCode, int parentCodeLength)
        where T : class where TParent : class
    {
        b.Property(parentCode).HasMaxLength(parentCodeLength);
        b.HasIndex(parentCode);
        b.HasOne<TParent>().WithMany().HasForeignKey(parentCode).OnDelete(DeleteBehavior.Restrict);
    }
}

using System.Linq.Expressions;
using Coverage.Domain.Stations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Coverage.Infrastructure.Data.Configurations;

/// <summary>
/// Statuses, modes and division kinds are stored as their stable ids (<see cref="DomainIds"/>: <c>operating</c>,
/// <c>countySelfBuilt</c>, <c>devZone</c>, …) — the same text as in JSON, URLs and CSV files — and check constraints
/// keep outside SQL writers to those ids.
/// </summary>
internal static class IdConverter
{
    private const int IdLength = 32;

    public static ValueConverter<T, string> For<T>() where T : struct, Enum =>
        new(v => DomainIds.Id(v), v => DomainIds.Parse<T>(v));

    /// <summary>Stores the enum property as its id in a text column.</summary>
    public static PropertyBuilder<T> StoredAsId<T>(this PropertyBuilder<T> property) where T : struct, Enum =>
        property.HasConversion(For<T>()).HasMaxLength(IdLength);

    /// <inheritdoc cref="StoredAsId{T}(PropertyBuilder{T})"/>
    public static PropertyBuilder<T?> StoredAsId<T>(this PropertyBuilder<T?> property) where T : struct, Enum =>
        property.HasConversion(For<T>()).HasMaxLength(IdLength);

    /// <summary>Stores an enum property as its id, with a check constraint <c>ck_{table}_{column}</c> holding outside writers to the ids.</summary>
    public static void HasIdColumn<TEntity, T>(this EntityTypeBuilder<TEntity> b, Expression<Func<TEntity, T>> property, string table, string column, int maxLength)
        where TEntity : class where T : struct, Enum
    {
        b.Property(property).HasConversion(For<T>()).HasMaxLength(maxLength);
        b.ToTable(t => t.HasCheckConstraint($"ck_{table}_{column}", CheckIn<T>(column)));
    }

    public static string CheckIn<T>(string column) where T : struct, Enum =>
        $"{column} IN ({string.Join(", ", Enum.GetValues<T>().Select(v => $"'{DomainIds.Id(v)}'"))})";
}

using Coverage.Domain.Divisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coverage.Infrastructure.Data.Configurations;

internal sealed class PrefectureConfiguration : IEntityTypeConfiguration<Prefecture>
{
    public void Configure(EntityTypeBuilder<Prefecture> b)
    {
        b.ToTable("prefectures");
        b.HasKey(p => p.Code);
        b.Property(p => p.Code).HasMaxLength(4);
        b.Property(p => p.Name).HasMaxLength(64);
        b.Property(p => p.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        b.HasIndex(p => p.Boundary).HasMethod("gist");
    }
}

internal sealed class CountyConfiguration : IEntityTypeConfiguration<County>
{
    public void Configure(EntityTypeBuilder<County> b)
    {
        b.ToTable("counties");
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(6);
        b.Property(c => c.PrefectureCode).HasMaxLength(4);
        b.Property(c => c.Name).HasMaxLength(64);
        b.Property(c => c.Kind).HasConversion(IdConverter.For<CountyKind>()).HasMaxLength(16);
        b.Property(c => c.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        b.HasIndex(c => c.Boundary).HasMethod("gist");
        b.HasIndex(c => c.PrefectureCode);
        b.HasOne<Prefecture>().WithMany().HasForeignKey(c => c.PrefectureCode).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_counties_kind", IdConverter.CheckIn<CountyKind>("kind")));
    }
}

internal sealed class TownshipConfiguration : IEntityTypeConfiguration<Township>
{
    public void Configure(EntityTypeBuilder<Township> b)
    {
        b.ToTable("townships");
        b.HasKey(t => t.Code);
        b.Property(t => t.Code).HasMaxLength(12);
        b.Property(t => t.CountyCode).HasMaxLength(6);
        b.Property(t => t.Name).HasMaxLength(64);
        b.Property(t => t.Kind).HasConversion(IdConverter.For<TownshipKind>()).HasMaxLength(16);
        b.Property(t => t.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        b.Ignore(t => t.CountsInCoverage);
        b.HasIndex(t => t.Boundary).HasMethod("gist");
        b.HasIndex(t => t.CountyCode);
        b.HasOne<County>().WithMany().HasForeignKey(t => t.CountyCode).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_townships_kind", IdConverter.CheckIn<TownshipKind>("kind")));
    }
}

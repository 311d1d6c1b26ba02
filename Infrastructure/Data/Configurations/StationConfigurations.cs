using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;
using Coverage.Domain.Stations;
using Coverage.Domain.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coverage.Infrastructure.Data.Configurations;

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> b)
    {
        b.ToTable("stations");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.TownshipCode).HasMaxLength(DivisionTables.TownshipCodeLength);
        b.Property(s => s.Name).HasMaxLength(FieldLengths.StationName);
        b.Property(s => s.Mode).StoredAsId();
        b.Property(s => s.Status).StoredAsId();
        b.Property(s => s.Services).HasConversion<int>();
        b.Property(s => s.Operator).HasMaxLength(FieldLengths.StationOperator);
        b.Ignore(s => s.Changes);
        b.HasIndex(s => s.TownshipCode).IsUnique();
        b.HasOne<Township>().WithMany().HasForeignKey(s => s.TownshipCode).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_stations_staff", "certified_social_workers >= 0 AND certified_social_workers <= social_workers");
            t.HasCheckConstraint("ck_stations_status", IdConverter.CheckIn<StationStatus>("status"));
            t.HasCheckConstraint("ck_stations_mode", IdConverter.CheckIn<BuildMode>("mode"));
        });
    }
}

internal sealed class StationEventConfiguration : IEntityTypeConfiguration<StationEvent>
{
    public void Configure(EntityTypeBuilder<StationEvent> b)
    {
        b.ToTable("station_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).UseSerialColumn();
        b.Property(e => e.TownshipCode).HasMaxLength(DivisionTables.TownshipCodeLength);
        b.Property(e => e.CountyCode).HasMaxLength(DivisionTables.CountyCodeLength);
        b.Property(e => e.PrefectureCode).HasMaxLength(DivisionTables.PrefectureCodeLength);
        b.Property(e => e.Status).StoredAsId();
        b.Property(e => e.PreviousStatus).StoredAsId();
        b.Property(e => e.Mode).StoredAsId();
        b.Property(e => e.OccurredAt).HasDefaultValueSql("now()");
        b.HasIndex(e => e.StationId);
    }
}

internal sealed class PlanTargetConfiguration : IEntityTypeConfiguration<PlanTarget>
{
    public void Configure(EntityTypeBuilder<PlanTarget> b)
    {
        b.ToTable("plan_targets");
        b.HasKey(p => new { p.PrefectureCode, p.Year });
        b.Property(p => p.PrefectureCode).HasMaxLength(DivisionTables.PrefectureCodeLength);
        b.Property(p => p.TargetCoverage).HasPrecision(5, 2);
        b.HasOne<Prefecture>().WithMany().HasForeignKey(p => p.PrefectureCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DatasetInfoConfiguration : IEntityTypeConfiguration<DatasetInfo>
{
    public void Configure(EntityTypeBuilder<DatasetInfo> b)
    {
        b.ToTable("datasets");
        b.Property(d => d.Name).HasMaxLength(FieldLengths.DatasetText);
        b.Property(d => d.Datum).HasMaxLength(FieldLengths.DatasetText);
        b.Property(d => d.SourcesJson).HasColumnType("jsonb");
    }
}

using Coverage.Domain.Divisions;
using Coverage.Domain.Planning;
using Coverage.Domain.Reports;
using Coverage.Infrastructure.Data.Sql;
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
        // Kept by a trigger for every writer (ChangeFeedSql.StampStations); the app only reads them back.
        b.Property(s => s.Version).HasDefaultValue(1).ValueGeneratedOnAddOrUpdate();
        b.Property(s => s.UpdatedAt).HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.Property(s => s.UpdatedBy).HasMaxLength(WriteActor.MaxLength).ValueGeneratedOnAddOrUpdate();
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
        b.Property(e => e.Actor).HasMaxLength(WriteActor.MaxLength);
        b.HasIndex(e => e.StationId);
        b.HasIndex(e => e.ReportId);
    }
}

internal sealed class StationReportConfiguration : IEntityTypeConfiguration<StationReport>
{
    private const string Table = "station_reports";

    public void Configure(EntityTypeBuilder<StationReport> b)
    {
        b.ToTable(Table);
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).UseIdentityByDefaultColumn();
        b.HasIdColumn(r => r.Kind, Table, "kind", 16);
        b.HasIdColumn(r => r.State, Table, "state", 16);
        b.Property(r => r.Status).StoredAsId();
        b.Property(r => r.PreviousStatus).StoredAsId();
        b.Property(r => r.Mode).StoredAsId();
        b.Property(r => r.TownshipCode).HasMaxLength(DivisionTables.TownshipCodeLength);
        b.Property(r => r.CountyCode).HasMaxLength(DivisionTables.CountyCodeLength);
        b.Property(r => r.PrefectureCode).HasMaxLength(DivisionTables.PrefectureCodeLength);
        b.Property(r => r.StationName).HasMaxLength(ReportRules.MaxNameLength);
        b.Property(r => r.Services).HasConversion<int>();
        b.Property(r => r.Operator).HasMaxLength(ReportRules.MaxNameLength);
        b.Property(r => r.Note).HasMaxLength(ReportRules.MaxNoteLength);
        b.Property(r => r.DecisionNote).HasMaxLength(ReportRules.MaxNoteLength);
        b.Property(r => r.SubmittedBy).HasMaxLength(256);
        b.Property(r => r.DecidedBy).HasMaxLength(256);
        b.Property(r => r.IdempotencyKey).HasMaxLength(ReportLimits.MaxIdempotencyKeyLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasOne<Station>().WithMany().HasForeignKey(r => r.StationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Township>().WithMany().HasForeignKey(r => r.TownshipCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.State, r.PrefectureCode, r.CountyCode });
        b.HasIndex(r => r.StationId);
        b.HasIndex(r => new { r.SubmittedBy, r.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_station_reports_staff", "certified_social_workers >= 0 AND certified_social_workers <= social_workers");
            t.HasCheckConstraint("ck_station_reports_status", IdConverter.CheckIn<StationStatus>("status"));
            t.HasCheckConstraint("ck_station_reports_mode", IdConverter.CheckIn<BuildMode>("mode"));
            t.HasCheckConstraint("ck_station_reports_decided", "(state = 'pending') = (decided_by IS NULL)");
        });
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

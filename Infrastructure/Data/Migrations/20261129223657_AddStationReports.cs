using System;
using Coverage.Infrastructure.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Coverage.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddStationReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_audit_log_action",
                table: "audit_log");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "stations",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<string>(
                name: "updated_by",
                table: "stations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "stations",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "actor",
                table: "station_events",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "report_id",
                table: "station_events",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "station_reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    station_id = table.Column<int>(type: "integer", nullable: true),
                    township_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    prefecture_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    previous_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    station_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    effective_on = table.Column<DateOnly>(type: "date", nullable: false),
                    social_workers = table.Column<int>(type: "integer", nullable: false),
                    certified_social_workers = table.Column<int>(type: "integer", nullable: false),
                    services = table.Column<int>(type: "integer", nullable: false),
                    @operator = table.Column<string>(name: "operator", type: "character varying(128)", maxLength: 128, nullable: true),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    station_version = table.Column<int>(type: "integer", nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    direct = table.Column<bool>(type: "boolean", nullable: false),
                    submitted_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    request_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_station_reports", x => x.id);
                    table.CheckConstraint("ck_station_reports_decided", "(state = 'pending') = (decided_by IS NULL)");
                    table.CheckConstraint("ck_station_reports_kind", "kind IN ('change', 'proposal')");
                    table.CheckConstraint("ck_station_reports_mode", "mode IN ('provincialSubsidy', 'governancePilot', 'civilAffairsInstitution', 'countySelfBuilt', 'existingVenue')");
                    table.CheckConstraint("ck_station_reports_staff", "certified_social_workers >= 0 AND certified_social_workers <= social_workers");
                    table.CheckConstraint("ck_station_reports_state", "state IN ('pending', 'confirmed', 'returned')");
                    table.CheckConstraint("ck_station_reports_status", "status IN ('planned', 'underConstruction', 'operating', 'suspended')");
                    table.ForeignKey(
                        name: "fk_station_reports_stations_station_id",
                        column: x => x.station_id,
                        principalTable: "stations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_station_reports_townships_township_code",
                        column: x => x.township_code,
                        principalTable: "townships",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_station_events_report_id",
                table: "station_events",
                column: "report_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_audit_log_action",
                table: "audit_log",
                sql: "action IN ('signIn', 'signInFailed', 'lockedOut', 'signOut', 'passwordChanged', 'passwordReset', 'userCreated', 'userChanged', 'userDisabled', 'userEnabled', 'roleChanged', 'tokenCreated', 'tokenFirstUsed', 'tokenRevoked', 'displayCreated', 'displayFirstUsed', 'displayRevoked', 'import', 'stationChanged', 'writeDenied', 'reportSubmitted', 'reportConfirmed', 'reportReturned')");

            migrationBuilder.CreateIndex(
                name: "ix_station_reports_state_prefecture_code_county_code",
                table: "station_reports",
                columns: new[] { "state", "prefecture_code", "county_code" });

            migrationBuilder.CreateIndex(
                name: "ix_station_reports_station_id",
                table: "station_reports",
                column: "station_id");

            migrationBuilder.CreateIndex(
                name: "ix_station_reports_submitted_by_idempotency_key",
                table: "station_reports",
                columns: new[] { "submitted_by", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_station_reports_township_code",
                table: "station_reports",
                column: "township_code");
        
            // Who writes: versions, authors and report ids on every station change, and report notices (see ChangeFeedSql.RecordWriters).
            migrationBuilder.Sql(ChangeFeedSql.RecordWriters);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ChangeFeedSql.DropWriters);

            migrationBuilder.DropTable(
                name: "station_reports");

            migrationBuilder.DropIndex(
                name: "ix_station_events_report_id",
                table: "station_events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_audit_log_action",
                table: "audit_log");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "stations");

            migrationBuilder.DropColumn(
                name: "updated_by",
                table: "stations");

            migrationBuilder.DropColumn(
                name: "version",
                table: "stations");

            migrationBuilder.DropColumn(
                name: "actor",
                table: "station_events");

            migrationBuilder.DropColumn(
                name: "report_id",
                table: "station_events");

            migrationBuilder.AddCheckConstraint(
                name: "ck_audit_log_action",
                table: "audit_log",
                sql: "action IN ('signIn', 'signInFailed', 'lockedOut', 'signOut', 'passwordChanged', 'passwordReset', 'userCreated', 'userChanged', 'userDisabled', 'userEnabled', 'roleChanged', 'tokenCreated', 'tokenFirstUsed', 'tokenRevoked', 'displayCreated', 'displayFirstUsed', 'displayRevoked', 'import', 'stationChanged', 'writeDenied')");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coverage.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class StoreStationIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_stations_status",
                table: "stations");

            // Rows written before this migration hold enum names ("Operating"); convert them to ids ("operating")
            // without logging a change event: nothing changed but the spelling.
            migrationBuilder.Sql("""
                ALTER TABLE stations DISABLE TRIGGER stations_record_event;
                UPDATE stations SET status = lower(left(status, 1)) || substr(status, 2), mode = lower(left(mode, 1)) || substr(mode, 2);
                ALTER TABLE stations ENABLE TRIGGER stations_record_event;
                UPDATE station_events SET status = lower(left(status, 1)) || substr(status, 2), mode = lower(left(mode, 1)) || substr(mode, 2),
                    previous_status = lower(left(previous_status, 1)) || substr(previous_status, 2);
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_stations_mode",
                table: "stations",
                sql: "mode IN ('provincialSubsidy', 'governancePilot', 'civilAffairsInstitution', 'countySelfBuilt', 'existingVenue')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_stations_status",
                table: "stations",
                sql: "status IN ('planned', 'underConstruction', 'operating', 'suspended')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_stations_mode",
                table: "stations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_stations_status",
                table: "stations");

            migrationBuilder.Sql("""
                ALTER TABLE stations DISABLE TRIGGER stations_record_event;
                UPDATE stations SET status = upper(left(status, 1)) || substr(status, 2), mode = upper(left(mode, 1)) || substr(mode, 2);
                ALTER TABLE stations ENABLE TRIGGER stations_record_event;
                UPDATE station_events SET status = upper(left(status, 1)) || substr(status, 2), mode = upper(left(mode, 1)) || substr(mode, 2),
                    previous_status = upper(left(previous_status, 1)) || substr(previous_status, 2);
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_stations_status",
                table: "stations",
                sql: "status IN ('Planned','UnderConstruction','Operating','Suspended')");
        }
    }
}

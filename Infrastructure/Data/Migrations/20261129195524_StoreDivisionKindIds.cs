using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coverage.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class StoreDivisionKindIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows written before this migration hold enum names ("DevZone", "Special"); convert them to ids ("devZone",
            // "special"), as StoreStationIds did for statuses and modes. No trigger watches these tables.
            migrationBuilder.Sql("""
                UPDATE counties SET kind = lower(left(kind, 1)) || substr(kind, 2);
                UPDATE townships SET kind = lower(left(kind, 1)) || substr(kind, 2);
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_townships_kind",
                table: "townships",
                sql: "kind IN ('subdistrict', 'town', 'township', 'special')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_counties_kind",
                table: "counties",
                sql: "kind IN ('district', 'county', 'city', 'devZone')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_townships_kind",
                table: "townships");

            migrationBuilder.DropCheckConstraint(
                name: "ck_counties_kind",
                table: "counties");

            migrationBuilder.Sql("""
                UPDATE counties SET kind = upper(left(kind, 1)) || substr(kind, 2);
                UPDATE townships SET kind = upper(left(kind, 1)) || substr(kind, 2);
                """);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coverage.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddIndicators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "indicators",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    field = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    name_en = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    comparison = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    target = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    baseline = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    start = table.Column<DateOnly>(type: "date", nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    derived = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicators", x => x.id);
                    table.CheckConstraint("ck_indicators_comparison", "comparison IN ('atLeast', 'moreThan', 'shareAtLeast', 'milestone', 'tracked')");
                    table.CheckConstraint("ck_indicators_dates", "start < deadline");
                    table.CheckConstraint("ck_indicators_derived", "derived IN ('none', 'stationCoverage', 'stationedSocialWorkers', 'certifiedShare', 'allSixServices')");
                    table.CheckConstraint("ck_indicators_field", "field IN ('elderlyCare', 'minorsProtection', 'communityGovernance', 'socialAssistance', 'disasterRelief', 'townshipStations')");
                    table.CheckConstraint("ck_indicators_level", "level IN ('province', 'prefecture')");
                    table.CheckConstraint("ck_indicators_target", "(comparison = 'tracked') = (target IS NULL)");
                });

            migrationBuilder.CreateTable(
                name: "indicator_values",
                columns: table => new
                {
                    indicator_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scope = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    source = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    synthetic = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_indicator_values", x => new { x.indicator_id, x.scope, x.year });
                    table.CheckConstraint("ck_indicator_values_scope", "scope ~ '^51([0-9]{2})?$'");
                    table.ForeignKey(
                        name: "fk_indicator_values_indicators_indicator_id",
                        column: x => x.indicator_id,
                        principalTable: "indicators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "indicator_values");

            migrationBuilder.DropTable(
                name: "indicators");
        }
    }
}

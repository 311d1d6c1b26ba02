using System;
using Coverage.Infrastructure.Data.Sql;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Coverage.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    reference_date = table.Column<DateOnly>(type: "date", nullable: true),
                    datum = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    sources_json = table.Column<string>(type: "jsonb", nullable: false),
                    loaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_datasets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "prefectures",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prefectures", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "station_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    station_id = table.Column<int>(type: "integer", nullable: false),
                    township_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    prefecture_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    previous_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_station_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "counties",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    prefecture_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    boundary_derived = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_counties", x => x.code);
                    table.ForeignKey(
                        name: "fk_counties_prefectures_prefecture_code",
                        column: x => x.prefecture_code,
                        principalTable: "prefectures",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "plan_targets",
                columns: table => new
                {
                    prefecture_code = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    target_coverage = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_targets", x => new { x.prefecture_code, x.year });
                    table.ForeignKey(
                        name: "fk_plan_targets_prefectures_prefecture_code",
                        column: x => x.prefecture_code,
                        principalTable: "prefectures",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "townships",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    approximate = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_townships", x => x.code);
                    table.ForeignKey(
                        name: "fk_townships_counties_county_code",
                        column: x => x.county_code,
                        principalTable: "counties",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    township_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    planned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    construction_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    operating_since = table.Column<DateOnly>(type: "date", nullable: true),
                    suspended_on = table.Column<DateOnly>(type: "date", nullable: true),
                    social_workers = table.Column<int>(type: "integer", nullable: false),
                    certified_social_workers = table.Column<int>(type: "integer", nullable: false),
                    services = table.Column<int>(type: "integer", nullable: false),
                    @operator = table.Column<string>(name: "operator", type: "character varying(128)", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stations", x => x.id);
                    table.CheckConstraint("ck_stations_staff", "certified_social_workers >= 0 AND certified_social_workers <= social_workers");
                    table.CheckConstraint("ck_stations_status", "status IN ('Planned','UnderConstruction','Operating','Suspended')");
                    table.ForeignKey(
                        name: "fk_stations_townships_township_code",
                        column: x => x.township_code,
                        principalTable: "townships",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_counties_boundary",
                table: "counties",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_counties_prefecture_code",
                table: "counties",
                column: "prefecture_code");

            migrationBuilder.CreateIndex(
                name: "ix_prefectures_boundary",
                table: "prefectures",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_station_events_station_id",
                table: "station_events",
                column: "station_id");

            migrationBuilder.CreateIndex(
                name: "ix_stations_township_code",
                table: "stations",
                column: "township_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_townships_boundary",
                table: "townships",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_townships_county_code",
                table: "townships",
                column: "county_code");
            migrationBuilder.Sql(ChangeFeedSql.CreateTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(ChangeFeedSql.DropTrigger);

            migrationBuilder.DropTable(
                name: "datasets");

            migrationBuilder.DropTable(
                name: "plan_targets");

            migrationBuilder.DropTable(
                name: "station_events");

            migrationBuilder.DropTable(
                name: "stations");

            migrationBuilder.DropTable(
                name: "townships");

            migrationBuilder.DropTable(
                name: "counties");

            migrationBuilder.DropTable(
                name: "prefectures");
        }
    }
}

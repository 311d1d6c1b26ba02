using Coverage.Dashboard.Hosting;

namespace Coverage.Dashboard.Tests.Dashboard;

[Collection(PostgisCollection.Name)]
public sealed class ImportCommandTests(PostgisFixture postgis) : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly string _folder = Directory.CreateTempSubdirectory("coverage-cli-").FullName;

    public async Task InitializeAsync() => _db = await postgis.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string?> Settings => new() { ["ConnectionStrings:Coverage"] = _db.ConnectionString };

    [Fact]
    public async Task Without_a_database_the_import_command_says_how_to_set_one_and_exits_1()
    {
        var output = new StringWriter();

        var code = await ImportCommand.RunAsync([_folder], output, new Dictionary<string, string?> { ["ConnectionStrings:Coverage"] = "" });

        Assert.Equal(1, code);
        Assert.Contains("No database configured", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Coverage", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_command_lists_every_bad_row_and_exits_2()
    {
        File.WriteAllText(Path.Combine(_folder, "plan-targets.csv"), "prefecture_code,year,target_coverage\n5101,2026,101\n5199,2026,90\n");
        var output = new StringWriter();

        var code = await ImportCommand.RunAsync([_folder], output, Settings);

        Assert.Equal(2, code);
        Assert.Contains("plan-targets.csv line 2: target_coverage '101' is not a percentage from 0 to 100", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("plan-targets.csv line 3: unknown prefecture_code '5199'", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM plan_targets WHERE year = 2026"));
    }

    [Fact]
    public async Task The_import_command_applies_good_files_and_says_what_it_did()
    {
        File.WriteAllText(Path.Combine(_folder, "plan-targets.csv"), "prefecture_code,year,target_coverage\n5101,2026,100\n5134,2026,100\n");
        var output = new StringWriter();

        var code = await ImportCommand.RunAsync([_folder], output, Settings);

        Assert.Equal(0, code);
        Assert.Contains("2 plan targets", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2L, await _db.ScalarAsync<long>("SELECT count(*) FROM plan_targets WHERE year = 2026"));
    }

    private const string StationsHeader =
        "id,township_code,name,mode,status,planned_on,construction_started_on,operating_since,suspended_on,social_workers,certified_social_workers,services,operator\n";

    [Fact]
    public async Task A_name_with_a_NUL_or_over_its_column_is_refused_with_exit_2_and_the_problem_lines_without_a_stack_trace()
    {
        File.WriteAllText(Path.Combine(_folder, "stations.csv"), StationsHeader +
            "6,513401200000,大兴\0乡站,existingVenue,planned,2024-11-01,,,,0,0,,\n" +
            $"7,510105002000,{new string('站', 200)},existingVenue,planned,2024-11-01,,,,0,0,,\n");
        var output = new StringWriter();

        var code = await ImportCommand.RunAsync([_folder], output, Settings);

        Assert.Equal(2, code);
        var text = output.ToString();
        Assert.Contains("stations.csv line 2: name contains a NUL character (U+0000) at character 3", text, StringComparison.Ordinal);
        Assert.Contains("stations.csv line 3: name is 200 characters long; at most 128 are allowed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", text, StringComparison.Ordinal);
        Assert.Equal(5L, await _db.ScalarAsync<long>("SELECT count(*) FROM stations"));
    }

    [Fact]
    public async Task A_database_error_during_the_import_is_one_line_with_exit_1_and_nothing_written()
    {
        // A rule the files cannot know about: the database refuses the row when the import saves it.
        await _db.ExecuteAsync("ALTER TABLE stations ADD CONSTRAINT ck_test_staff CHECK (social_workers < 50)");
        File.WriteAllText(Path.Combine(_folder, "stations.csv"), StationsHeader +
            "6,513401200000,大兴乡社会工作服务站,existingVenue,underConstruction,2024-06-01,2024-10-01,,,60,0,,\n");
        File.WriteAllText(Path.Combine(_folder, "plan-targets.csv"), "prefecture_code,year,target_coverage\n5101,2026,100\n");
        var output = new StringWriter();

        var code = await ImportCommand.RunAsync([_folder], output, Settings);

        Assert.Equal(1, code);
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Import failed, nothing was written: the database refused the import:", line, StringComparison.Ordinal);
        Assert.Contains("ck_test_staff", line, StringComparison.Ordinal);
        Assert.Equal(5L, await _db.ScalarAsync<long>("SELECT count(*) FROM stations"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM plan_targets WHERE year = 2026"));
    }
}

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
}

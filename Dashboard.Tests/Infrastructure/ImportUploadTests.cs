using System.Globalization;
using System.IO.Compression;
using System.Text;
using Coverage.Domain.Import;

namespace Coverage.Dashboard.Tests.Infrastructure;

/// <summary>
/// The import page's way in (<see cref="IImports"/>): uploads are matched by file name, zips unpack under the caps and never
/// outside their folder, a preview writes nothing, and applying is the one audited import.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportUploadTests(PostgisFixture postgis) : DatabaseTest(postgis)
{
    private const string Stations =
        "id,township_code,name,mode,status,planned_on,construction_started_on,operating_since,suspended_on,social_workers,certified_social_workers,services,operator\n" +
        "3,510105001000,少城街道社会工作服务站,countySelfBuilt,operating,2023-02-01,2024-03-01,2024-11-15,,4,2,needs;care,青羊区社会工作服务中心\n" +
        "6,513401200000,大兴乡社会工作服务站,existingVenue,planned,2024-11-01,,,,0,0,,\n";

    private IImports Imports => Db.Services.GetRequiredService<IImports>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<ImportLimits>(o => (o.MaxFileBytes, o.MaxUploadBytes) = (4096, 16384));

    private static Task AddAsync(IImportUpload upload, string name, byte[] content) =>
        upload.AddAsync(name, content.Length, max => new MemoryStream(content));

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }

    private Task<string?> StateAsync() => Db.ScalarAsync<string>(
        "SELECT (SELECT count(*) FROM stations) || '/' || (SELECT count(*) FROM station_events) || '/' || (SELECT string_agg(status, ',' ORDER BY id) FROM stations)");

    [Fact]
    public async Task A_preview_says_what_would_change_and_writes_nothing_then_apply_writes_it_audited_as_the_user()
    {
        using var upload = Imports.NewUpload();
        await AddAsync(upload, "import.zip", Zip(("data/stations.csv", Encoding.UTF8.GetBytes(Stations)), ("__MACOSX/._stations.csv", [0])));
        var before = await StateAsync();

        var preview = await Imports.PreviewAsync(upload);

        Assert.True(preview.Accepted, string.Join("\n", preview.Problems));
        Assert.Equal((2, 1, 1), (preview.Changes!.Stations, preview.Changes.StationsChanged, preview.Changes.StationsAdded));
        Assert.Equal(before, await StateAsync());
        Assert.Equal(["stations.csv"], upload.Files);

        var applied = await Imports.ApplyAsync(upload, "admin@test.local");

        Assert.Equal(preview.Changes, applied.Changes);
        Assert.Equal("operating", await Db.ScalarAsync<string>("SELECT status FROM stations WHERE id = 3"));
        var audit = (await Db.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditAction.Import, Actor: "admin@test.local"), 0, 10)).Entries;
        var entry = Assert.Single(audit);
        Assert.Equal("upload import.zip", entry.Target);
        Assert.Contains("stations.csv sha256:", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zip_entries_that_leave_the_folder_or_are_not_import_files_are_refused_and_nothing_is_written_outside()
    {
        var outside = Path.Combine(Path.GetTempPath(), $"coverage-escape-{Guid.NewGuid():N}", "stations.csv");
        using var upload = Imports.NewUpload();
        await AddAsync(upload, "evil.zip", Zip(
            ("../stations.csv", Encoding.UTF8.GetBytes(Stations)),
            ("/etc/stations.csv", Encoding.UTF8.GetBytes(Stations)),
            ("run.sh", Encoding.UTF8.GetBytes("rm -rf /"))));
        await AddAsync(upload, "notes.txt", Encoding.UTF8.GetBytes("hello"));
        var before = await StateAsync();

        var outcome = await Imports.PreviewAsync(upload);

        Assert.False(outcome.Accepted);
        var problems = outcome.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("evil.zip ../stations.csv: a path that leaves the folder; refused", problems);
        Assert.Contains("evil.zip /etc/stations.csv: a path that leaves the folder; refused", problems);
        Assert.Contains(problems, p => p.StartsWith("evil.zip run.sh: 'run.sh' is not an import file", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("notes.txt file: 'notes.txt' is not an import file", StringComparison.Ordinal));
        Assert.Empty(upload.Files);
        Assert.False(File.Exists(outside));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task A_zip_bomb_and_files_over_the_caps_are_refused_before_they_are_unpacked_in_full()
    {
        using var upload = Imports.NewUpload();
        // 1 MB of one repeated line compresses to about a kilobyte and would unpack far past the 4 KB file cap.
        var bomb = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("5101,2026,100\n", 1024 * 1024 / 14)));
        await AddAsync(upload, "bomb.zip", Zip(("plan-targets.csv", bomb)));
        await AddAsync(upload, "stations.csv", new byte[5000]);
        await AddAsync(upload, "townships.csv", Encoding.UTF8.GetBytes("code,name,county_code,kind\n"));

        var outcome = await Imports.PreviewAsync(upload);

        var problems = outcome.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith(string.Create(CultureInfo.InvariantCulture, $"bomb.zip plan-targets.csv: the file is {bomb.Length:N0} bytes,") + " more than Import:MaxFileBytes (4,096 bytes)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("stations.csv file: the file is 5,000 bytes, more than Import:MaxFileBytes (4,096 bytes); it was not read.", StringComparison.Ordinal));
        Assert.Equal(["townships.csv"], upload.Files);
    }

    [Fact]
    public async Task Disposing_an_upload_deletes_its_folder()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "coverage-upload-*");
        var upload = Imports.NewUpload();
        await AddAsync(upload, "plan-targets.csv", Encoding.UTF8.GetBytes("prefecture_code,year,target_coverage\n5101,2026,100\n"));
        var folder = Assert.Single(Directory.GetDirectories(Path.GetTempPath(), "coverage-upload-*").Except(before));
        Assert.True(File.Exists(Path.Combine(folder, "plan-targets.csv")));

        upload.Dispose();

        Assert.False(Directory.Exists(folder));
    }
}

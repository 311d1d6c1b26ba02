using System.Text;
using Microsoft.Playwright;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// The import page in Chromium, signed in as the province admin: files are checked and previewed, applied only on
/// confirmation (audited as the admin, with the file hashes), and a bad file's problems are listed by file, row and reason.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ImportPageBrowserTests(PostgisFixture postgis) : DashboardAppTest(postgis)
{
    private const string StationsHeader =
        "id,township_code,name,mode,status,planned_on,construction_started_on,operating_since,suspended_on,social_workers,certified_social_workers,services,operator\n";

    private static FilePayload Csv(string name, string content) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(content) };

    /// <summary>The import page, once its circuit runs (the file input is disabled on the prerendered page).</summary>
    private async Task<IPage> ImportPageAsync()
    {
        var page = await App.NewPageAsync(role: Role.ProvinceAdmin);
        await page.GotoAsync(Url("/admin/import"));
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("数据导入");
        await Assertions.Expect(page.Locator("#import-files")).ToBeEnabledAsync();
        return page;
    }

    [Fact]
    public async Task An_admin_uploads_files_sees_what_would_change_applies_them_and_the_import_is_audited()
    {
        var page = await ImportPageAsync();
        await Assertions.Expect(page.Locator("a[href='admin/import']")).ToBeVisibleAsync();
        var stationsBefore = await App.Database.ScalarAsync<long>("SELECT count(*) FROM stations");

        await page.Locator("#import-files").SetInputFilesAsync(new[]
        {
            Csv("stations.csv", StationsHeader +
                "3,510105001000,少城街道社会工作服务站,countySelfBuilt,operating,2023-02-01,2024-03-01,2024-11-15,,4,2,needs;care,青羊区社会工作服务中心\n" +
                "6,513401200000,大兴乡社会工作服务站,existingVenue,planned,2024-11-01,,,,0,0,,\n"),
            Csv("plan-targets.csv", "prefecture_code,year,target_coverage\n5101,2026,100\n"),
        });

        var preview = page.GetByTestId("import-preview");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("import-stations-forward")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("import-stations-new")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("import-plan-targets")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("import-file-list")).ToHaveTextAsync("stations.csv, plan-targets.csv");
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("admin-import-preview.png"), FullPage = true });
        // Previewed, not applied.
        Assert.Equal(stationsBefore, await App.Database.ScalarAsync<long>("SELECT count(*) FROM stations"));
        Assert.Equal("underConstruction", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 3"));

        await page.GetByTestId("import-apply").ClickAsync();

        await Assertions.Expect(page.GetByTestId("import-done")).ToBeVisibleAsync();
        Assert.Equal("operating", await App.Database.ScalarAsync<string>("SELECT status FROM stations WHERE id = 3"));
        Assert.Equal(stationsBefore + 1, await App.Database.ScalarAsync<long>("SELECT count(*) FROM stations"));
        var entry = Assert.Single((await App.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(new AuditQuery(Action: AuditAction.Import, Actor: TestUsers.AdminEmail), 0, 10)).Entries);
        Assert.Equal("upload stations.csv, plan-targets.csv", entry.Target);
        Assert.Matches("stations.csv sha256:[0-9a-f]{64}, plan-targets.csv sha256:[0-9a-f]{64}", entry.Detail);
    }

    [Fact]
    public async Task A_bad_file_lists_each_problem_with_its_file_row_and_reason_and_changes_nothing()
    {
        var page = await ImportPageAsync();
        var before = await App.Database.ScalarAsync<string>("SELECT string_agg(id || name || status, ',' ORDER BY id) FROM stations");

        await page.Locator("#import-files").SetInputFilesAsync(new[]
        {
            Csv("stations.csv", StationsHeader +
                "6,513401200000,大兴\0乡站,existingVenue,planned,2024-11-01,,,,0,0,,\n" +
                "7,510105002000,草市街\u202E站,existingVenue,planned,2024-11-01,,,,0,0,,\n"),
        });

        await Assertions.Expect(page.GetByTestId("import-rejected")).ToContainTextAsync("2 个问题");
        var rows = page.GetByTestId("import-problems").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("stations.csv");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("line 2");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("name contains a NUL character (U+0000) at character 3");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("line 3");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("name contains a bidirectional control character U+202E at character 4");
        await Assertions.Expect(page.GetByTestId("import-apply")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Artifacts.PathFor("admin-import-rejected.png"), FullPage = true });
        Assert.Equal(before, await App.Database.ScalarAsync<string>("SELECT string_agg(id || name || status, ',' ORDER BY id) FROM stations"));
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using Coverage.Dashboard.Services;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>The one table export: a 说明 sheet (or # header lines) and the data, with formula injection guarded in both formats.</summary>
public sealed class TableExportTests
{
    private static readonly string[] Dangerous = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+1+2", "-3+4", "@SUM(A1)", "普通文字"];

    private static readonly IReadOnlyList<ExportColumn<string>> Columns =
    [
        new("序号", v => Array.IndexOf(Dangerous, v) + 1),
        new("内容", v => v),
    ];

    private static TableExport Export()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        var services = new ServiceCollection().AddLogging().AddLocalization().AddDashboardServices();
        services.AddSingleton<TimeProvider>(SichuanClock.At(2026, 11, 30, 9, 30));
        return services.BuildServiceProvider().GetRequiredService<TableExport>();
    }

    private static ExportView View() =>
        new("测试表", "test", Snapshots.Create(Snapshots.Township("513401002000", "大兴乡", null)), new CoverageFilter(Prefecture: "5134").NotOperating());

    [Fact]
    public void Xlsx_has_an_about_sheet_first_and_writes_formula_like_text_as_plain_string_cells()
    {
        var file = Export().Write(ExportFormat.Xlsx, View(), Dangerous, Columns);

        Assert.Equal(TableExport.XlsxContentType, file.ContentType);
        Assert.Equal("测试表-凉山彝族自治州-2026-11-30.xlsx", file.FileName);
        Assert.Equal("test-5134-2026-11-30.xlsx", file.AsciiFileName);
        using var stream = new MemoryStream(file.Content);
        Assert.Equal(["说明", "数据"], stream.GetSheetNames());

        var about = stream.Query(useHeaderRow: true, sheetName: "说明").Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["项目"], r => r["内容"]?.ToString());
        Assert.Equal("凉山彝族自治州", about["范围"]);
        Assert.Equal("站点状态: 未运营", about["筛选"]);
        Assert.Equal("?prefecture=5134&status=notOperating", about["筛选参数"]);
        Assert.Equal("当前（2026-11-30）", about["截至日期"]);
        Assert.Equal("Test · 合成数据 · 乡镇边界为近似示意", about["数据来源"]);
        Assert.Matches(@"^2026-11-30 \d\d:30:00 \+08:00$", about["导出时间"]);

        var rows = stream.Query(useHeaderRow: true, sheetName: "数据").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(Dangerous, rows.Select(r => (string)r["内容"]));
        Assert.Equal(1.0, Convert.ToDouble(rows[0]["序号"], CultureInfo.InvariantCulture));

        // The proof: no cell of the data sheet is a formula (<f>), each dangerous text is stored as a value.
        using var zip = new ZipArchive(new MemoryStream(file.Content));
        var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet2.xml")!.Open(), Encoding.UTF8).ReadToEnd();
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<x:f>", sheet, StringComparison.Ordinal);
        Assert.Contains("@SUM(A1)", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_starts_with_a_bom_and_the_header_block_and_escapes_formula_cells()
    {
        var file = Export().Write(ExportFormat.Csv, View(), Dangerous, Columns);

        Assert.Equal([0xEF, 0xBB, 0xBF], file.Content[..3]);
        var lines = Encoding.UTF8.GetString(file.Content[3..]).Split("\r\n");
        Assert.Equal("# 表格,测试表", lines[0]);
        Assert.Equal("# 范围,凉山彝族自治州", lines[1]);
        Assert.Contains("# 数据来源,Test · 合成数据 · 乡镇边界为近似示意", lines);
        var header = Array.IndexOf(lines, "序号,内容");
        Assert.Equal("", lines[header - 1]);
        Assert.Equal(["1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\"", "2,'+1+2", "3,'-3+4", "4,'@SUM(A1)", "5,普通文字"],
            lines[(header + 1)..(header + 6)]);
        Assert.Equal("测试表-凉山彝族自治州-2026-11-30.csv", file.FileName);
    }

    [Fact]
    public void The_download_names_the_file_in_chinese_with_an_ascii_fallback()
    {
        var file = Export().Write(ExportFormat.Csv, View(), Dangerous, Columns);

        Assert.Equal("attachment; filename=\"test-5134-2026-11-30.csv\"; filename*=UTF-8''"
            + Uri.EscapeDataString("测试表-凉山彝族自治州-2026-11-30.csv"), file.ContentDisposition);
    }
}

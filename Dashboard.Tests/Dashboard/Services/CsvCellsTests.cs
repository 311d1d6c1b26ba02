using Coverage.Dashboard.Services;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=cmd@x", "'=cmd@x")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+SUM(A1:A9)", "'+SUM(A1:A9)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("＝1+1", "'＝1+1")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string value, string cell) =>
        Assert.Equal(cell, CsvCells.Escape(value));

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("admin@test.local", "admin@test.local")]
    [InlineData("a=b", "a=b")]
    [InlineData("凉山彝族自治州", "凉山彝族自治州")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Separators_quotes_and_line_breaks_are_quoted_and_plain_text_is_left_alone(string? value, string cell) =>
        Assert.Equal(cell, CsvCells.Escape(value));

    [Fact]
    public void A_row_escapes_every_cell_and_ends_with_CRLF() =>
        Assert.Equal("2026-11-30 10:00:00,'=1+1,\"a,b\",,'@x\r\n", CsvCells.Row("2026-11-30 10:00:00", "=1+1", "a,b", null, "@x"));
}

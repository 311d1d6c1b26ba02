using Coverage.Domain.Divisions;

namespace Coverage.Dashboard.Tests.Domain;

public sealed class DivisionCodeTests
{
    [Fact]
    public void A_township_code_knows_its_county_and_prefecture()
    {
        var code = new TownshipCode("510104017000");
        Assert.Equal("510104", code.County.Value);
        Assert.Equal("5101", code.County.Prefecture.Value);
    }

    [Theory]
    [InlineData("5101041700")]
    [InlineData("1101040170000")]
    [InlineData("110104017000")]
    [InlineData("51010401700x")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_or_non_Sichuan_township_codes_are_rejected(string? value)
    {
        Assert.False(TownshipCode.TryParse(value, out _));
        if (value is not null) Assert.Throws<ArgumentException>(() => new TownshipCode(value));
    }

    [Theory]
    [InlineData("5134", true)]
    [InlineData("510100", false)]
    [InlineData("1101", false)]
    public void Prefecture_codes_are_four_Sichuan_digits(string value, bool valid) =>
        Assert.Equal(valid, PrefectureCode.IsValid(value));
}

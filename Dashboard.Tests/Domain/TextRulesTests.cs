using Coverage.Domain.Text;

namespace Coverage.Dashboard.Tests.Domain;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("锦官驿街道社会工作服务站", 128, null)]
    [InlineData("Jinguanyi 𠀀 station", 20, null)] // a character outside the BMP counts once, as PostgreSQL counts it
    [InlineData("站站站", 2, "is 3 characters long; at most 2 are allowed")]
    [InlineData("大兴\0乡", 64, "contains a NUL character (U+0000) at character 3")]
    [InlineData("大兴\t乡", 64, "contains a control character U+0009 at character 3")]
    [InlineData("大兴\u009B乡", 64, "contains a control character U+009B at character 3")]
    [InlineData("abc\u202Edef", 64, "contains a bidirectional control character U+202E at character 4")]
    [InlineData("\u2067x", 64, "contains a bidirectional control character U+2067 at character 1")]
    [InlineData("x\u200F", 64, "contains a bidirectional control character U+200F at character 2")]
    [InlineData("x\u061C", 64, "contains a bidirectional control character U+061C at character 2")]
    public void Check_names_the_first_broken_rule_or_accepts(string value, int maxLength, string? reason) =>
        Assert.Equal(reason, TextRules.Check(value, maxLength));

    [Fact]
    public void An_unpaired_surrogate_is_refused() =>
        // Built at run time: an attribute's string would reach the test with the lone surrogate already replaced.
        Assert.Equal("contains an unpaired surrogate U+D800 at character 2", TextRules.Check("x" + (char)0xD800 + "y", 64));

    [Fact]
    public void Visible_escapes_only_the_refused_characters() =>
        Assert.Equal(@"大兴\u{0000}乡 \u{202E}𠀀", TextRules.Visible("大兴\0乡 \u202E𠀀"));
}

using Coverage.Dashboard.Components.Shared;

namespace Coverage.Dashboard.Tests.Dashboard.Components.Shared;

/// <summary>Markup written once per key and shared by every circuit, within a cap.</summary>
public sealed class SharedMarkupTests
{
    [Fact]
    public void A_key_is_written_once_and_every_reader_gets_the_same_string()
    {
        var markup = new SharedMarkup<(string, int)>(16);
        var writes = 0;

        var first = markup.Get(("5134", 1), "凉山", (key, name) => { writes++; return $"<li>{name} {key.Item2}</li>"; });
        var second = markup.Get(("5134", 1), "ignored", (_, _) => { writes++; return "other"; });
        var other = markup.Get(("5134", 2), "凉山", (key, name) => { writes++; return $"<li>{name} {key.Item2}</li>"; });

        Assert.Equal("<li>凉山 1</li>", first.Value);
        Assert.Same(first.Value, second.Value);
        Assert.Equal("<li>凉山 2</li>", other.Value);
        Assert.Equal(2, writes);
        Assert.Equal(2, markup.Count);
    }

    [Fact]
    public void A_full_cache_starts_again_instead_of_growing()
    {
        var markup = new SharedMarkup<int>(4);

        for (var key = 0; key < 10; key++) Assert.Equal(key.ToString(), markup.Get(key, 0, (k, _) => k.ToString()).Value);

        Assert.InRange(markup.Count, 1, 4);
    }

    [Fact]
    public void The_encoder_escapes_what_HTML_treats_specially_and_leaves_Chinese_readable()
    {
        Assert.Equal("凉山&lt;script&gt;&amp;&quot;&#x27;", SharedMarkup.Encoder.Encode("凉山<script>&\"'"));
    }
}

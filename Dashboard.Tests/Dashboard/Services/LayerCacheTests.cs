using System.IO.Compression;
using Coverage.Dashboard.Services;
using Microsoft.Extensions.Time.Testing;

namespace Coverage.Dashboard.Tests.Dashboard.Services;

/// <summary>The map-layer cache holds at most its cap in bytes, compressed copies counted, evicting the least recently used.</summary>
public sealed class LayerCacheTests
{
    private readonly FakeTimeProvider _clock = new();

    private static MapPayload Layer(int bytes, byte fill = (byte)'a') => new(Enumerable.Repeat(fill, bytes).ToArray(), $"W/\"{bytes}\"", CompressionLevel.Fastest);

    [Fact]
    public void Adding_layers_past_the_cap_evicts_the_least_recently_used_and_stays_under_the_cap()
    {
        var evicted = 0;
        var cache = new LayerCache(10_000, TimeSpan.FromMinutes(10), _clock) { Evicted = n => evicted += n };
        cache.Add("a", Layer(4_000));
        cache.Add("b", Layer(4_000));
        Assert.True(cache.TryGet("a", out _)); // a is now more recent than b

        cache.Add("c", Layer(4_000));

        Assert.Equal(8_000, cache.Bytes);
        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(1, evicted);
    }

    [Fact]
    public void Many_distinct_layers_never_hold_more_than_the_cap()
    {
        var cache = new LayerCache(50_000, TimeSpan.FromMinutes(10), _clock);
        var max = 0L;
        for (var i = 0; i < 500; i++)
        {
            cache.Add($"layer {i}", Layer(1_000 + i * 37 % 9_000));
            max = Math.Max(max, cache.Bytes);
        }

        Assert.InRange(max, 1, 50_000);
        Assert.True(cache.TryGet("layer 499", out _));
    }

    [Fact]
    public void A_compressed_copy_made_later_is_counted_and_evicts_older_layers()
    {
        var cache = new LayerCache(10_000, TimeSpan.FromMinutes(10), _clock);
        var random = new Random(7);
        var noise = new byte[4_000];
        random.NextBytes(noise); // random bytes do not compress: the gzip copy is about as large as the JSON
        cache.Add("old", Layer(4_000));
        var layer = new MapPayload(noise, "W/\"noise\"", CompressionLevel.Fastest);
        cache.Add("new", layer);
        Assert.Equal(8_000, cache.Bytes);

        var gzip = layer.Gzip;

        Assert.Equal(4_000 + gzip.Length, cache.Bytes);
        Assert.False(cache.TryGet("old", out _));
        Assert.True(cache.TryGet("new", out _));
        Assert.InRange(cache.Bytes, 1, 10_000);
    }

    [Fact]
    public void A_layer_larger_than_the_cap_is_not_kept()
    {
        var cache = new LayerCache(1_000, TimeSpan.FromMinutes(10), _clock);
        cache.Add("small", Layer(500));

        cache.Add("huge", Layer(5_000));

        Assert.False(cache.TryGet("huge", out _));
        Assert.True(cache.TryGet("small", out _));
        Assert.Equal(500, cache.Bytes);
    }

    [Fact]
    public void Layers_unused_for_the_idle_time_are_dropped_when_the_next_is_added()
    {
        var cache = new LayerCache(100_000, TimeSpan.FromMinutes(10), _clock);
        cache.Add("stale", Layer(1_000));
        cache.Add("used", Layer(1_000));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(cache.TryGet("used", out _));
        _clock.Advance(TimeSpan.FromMinutes(6));

        cache.Add("fresh", Layer(1_000));

        Assert.False(cache.TryGet("stale", out _));
        Assert.True(cache.TryGet("used", out _));
        Assert.Equal(2_000, cache.Bytes);
    }

    [Fact]
    public void Replacing_a_layer_under_the_same_key_counts_only_the_new_one()
    {
        var cache = new LayerCache(100_000, TimeSpan.FromMinutes(10), _clock);
        var first = Layer(3_000);
        cache.Add("k", first);

        cache.Add("k", Layer(2_000));
        _ = first.Gzip; // the replaced layer's copies are no longer counted

        Assert.Equal(2_000, cache.Bytes);
        Assert.Equal(1, cache.Count);
    }
}

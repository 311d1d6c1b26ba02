using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coverage.Dashboard.Tests.EndToEnd;

/// <summary>
/// Static files (README, Static assets): every one a page refers to — blazor.web.js, MudBlazor, Leaflet, our modules and
/// style sheets — by a fingerprinted URL that answers <c>public, max-age=31536000, immutable</c>, precompressed (brotli or
/// gzip, never labelled so and sent plain), and 304 to its own ETag, compressed copy included; pages are never cached
/// immutable; and a warm reload of <c>/</c> fetches no static file again.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed partial class StaticAssetsTests(PostgisFixture postgis) : IAsyncLifetime
{
    private DashboardApp App { get; set; } = null!;

    // The files as built (the other browser tests serve them as under hot reload, for MapProbe): what production serves.
    public async Task InitializeAsync() => App = await DashboardApp.StartAsync(postgis, new Dictionary<string, string?> { ["ReloadStaticAssetsAtRuntime"] = "false" });

    public async Task DisposeAsync() => await App.DisposeAsync();

    private string Url(string path) => new Uri(App.BaseAddress, path).ToString();

    [Fact]
    public async Task Every_static_file_a_page_refers_to_is_fingerprinted_immutable_precompressed_and_revalidates_with_304()
    {
        using var client = App.CreateAnonymousClient();
        // The sign-in page carries the same head, scripts and import map as every page.
        var html = await client.GetStringAsync("/account/login");
        var referenced = Referenced().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();
        var imports = ImportMapTargets(html);
        Assert.Contains(referenced, u => FingerprintedBlazorWeb().IsMatch(u));
        Assert.Contains(imports, u => u.Contains("lib/leaflet/leaflet.min.", StringComparison.Ordinal));
        Assert.Contains(imports, u => u.Contains("lib/echarts/echarts.min.", StringComparison.Ordinal));
        Assert.Contains(imports, u => u.Contains("Components/Shared/Map/CoverageMap.", StringComparison.Ordinal));

        // What pages load: the head's and body's files, and the modules the import map resolves for our components and libraries.
        foreach (var url in referenced.Concat(imports.Where(u => u.StartsWith("./Components/", StringComparison.Ordinal) || u.StartsWith("./lib/", StringComparison.Ordinal))).Distinct())
        {
            using var compressed = await GetAsync(client, url, "br, gzip");
            Assert.True(compressed.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)compressed.StatusCode}");
            AssertImmutable(compressed, url);
            // Precompressed at build or publish time (the build makes gzip copies; publish adds brotli): a copy of known length
            // with an ETag of its own, not the plain file compressed on the fly.
            var sent = compressed.Content.Headers.ContentEncoding.SingleOrDefault();
            Assert.True(sent is "br" or "gzip", $"{url} went out with Content-Encoding '{sent}'");
            var body = await compressed.Content.ReadAsByteArrayAsync();
            Assert.True(compressed.Content.Headers.ContentLength == body.Length, $"{url} was compressed on the fly, not precompressed");
            var plain = Decompress(body, sent!, url);
            using var identity = await GetAsync(client, url, "identity");
            Assert.Null(identity.Content.Headers.ContentEncoding.SingleOrDefault());
            Assert.Equal(await identity.Content.ReadAsByteArrayAsync(), plain);
            Assert.NotEqual(identity.Headers.ETag, compressed.Headers.ETag);

            // Each copy answers 304 to its own ETag.
            foreach (var (copy, encoding) in new[] { (compressed, "br, gzip"), (identity, "identity") })
            {
                var etag = copy.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"{url} ({encoding}) has no ETag");
                using var again = await GetAsync(client, url, encoding, etag);
                Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{url} ({encoding}) answered {(int)again.StatusCode} to its own ETag");
                Assert.Equal(etag, again.Headers.ETag);
                AssertImmutable(again, url);
            }
        }
    }

    [Fact]
    public async Task A_warm_reload_of_the_overview_fetches_no_static_file_again_and_the_page_itself_is_not_cached_immutable()
    {
        var page = await App.NewPageAsync();
        // A module preload the import map's integrity does not match would be fetched twice (Chromium warns).
        var warnings = new List<string>();
        page.Console += (_, m) => { if (m.Type is "warning" or "error") warnings.Add(m.Text); };
        var bytes = await NetworkBytes.AttachAsync(page);
        var document = await page.GotoAsync(Url("/"));
        await LoadedAsync(page, bytes);
        // The page is per user (and carries an antiforgery token): never cached as immutable, asked for again each time.
        var pageCaching = document!.Headers.GetValueOrDefault("cache-control", "");
        Assert.DoesNotContain("immutable", pageCaching, StringComparison.Ordinal);
        Assert.Matches("no-cache|no-store", pageCaching);
        var cold = bytes.Finished.Where(r => r.IsStatic).ToList();
        Assert.Contains(cold, r => r.Url.Contains("/lib/echarts/echarts.min.", StringComparison.Ordinal) && r.Bytes > 0);

        bytes.Reset();
        await page.ReloadAsync();
        await LoadedAsync(page, bytes);
        var warm = bytes.Finished.Where(r => r.IsStatic).ToList();
        // Every script, style sheet and image of the cold load was asked for again (from the cache) and none went to the server.
        Assert.Superset(cold.Select(r => r.Url).ToHashSet(), warm.Select(r => r.Url).ToHashSet());
        Assert.All(warm, r => Assert.True(r.FromCache && r.Bytes == 0, $"{r.Url} was fetched again on a warm reload ({r.Status}, {r.Bytes} bytes)"));
        Assert.True(bytes.StaticBytes <= 30 * 1024, $"a warm reload transferred {bytes.StaticBytes} bytes of static files");
        Assert.Empty(warnings);
    }

    // Loaded: the map painted, then (scrolled to it: it is drawn when in view) ECharts drew the trend chart, and no request is in flight.
    private static async Task LoadedAsync(Microsoft.Playwright.IPage page, NetworkBytes bytes)
    {
        await page.Locator("[data-testid=coverage-map][data-painted]").WaitForAsync();
        await page.Locator("[data-deferred=trend]").ScrollIntoViewIfNeededAsync();
        await page.Locator("[data-testid=trend-chart] [data-echart] svg").First.WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });
        await Eventually.UntilAsync(() => Task.FromResult(bytes.Pending == 0), TimeSpan.FromSeconds(15), () => $"{bytes.Pending} requests still in flight");
    }

    private static void AssertImmutable(HttpResponseMessage response, string url)
    {
        var cache = response.Headers.CacheControl;
        Assert.True(cache is { Public: true, MaxAge.TotalDays: >= 365 } && cache.Extensions.Any(e => e.Name == "immutable"),
            $"{url} answered Cache-Control '{cache}'");
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string encoding, EntityTagHeaderValue? etag = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url.TrimStart('.'));
        foreach (var value in encoding.Split(", ")) request.Headers.AcceptEncoding.ParseAdd(value);
        if (etag is not null) request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }

    private static byte[] Decompress(byte[] body, string encoding, string url)
    {
        if (encoding == "gzip") Assert.True(body is [0x1f, 0x8b, ..], $"{url} is labelled gzip but is not gzip");
        using Stream input = encoding == "br" ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress) : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static List<string> ImportMapTargets(string html)
    {
        var json = ImportMap().Match(html).Groups[1].Value;
        using var map = JsonDocument.Parse(json);
        return [.. map.RootElement.GetProperty("imports").EnumerateObject().Select(p => p.Value.GetString()!)];
    }

    // Every script and style sheet, the icon and any module preload, as the page refers to them.
    [GeneratedRegex("""<(?:script|link)\b[^>]*?\b(?:src|href)="(?<url>[^"]+\.(?:js|css|svg))"[^>]*>""")]
    private static partial Regex Referenced();

    [GeneratedRegex("""_framework/blazor\.web\.[a-z0-9]{6,}\.js""")]
    private static partial Regex FingerprintedBlazorWeb();

    [GeneratedRegex("""<script type="importmap"[^>]*>(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();
}

using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Coverage.Dashboard.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Coverage.Dashboard.Services;

/// <summary>
/// MudBlazor's theme as a cached style sheet, rendered once per process for each variant (light, dark). MudThemeProvider
/// writes the whole theme (~60 KB of CSS variables and typography) as a <c>&lt;style&gt;</c> element into the render tree of
/// every circuit, where each open screen kept its own copy and the circuit's first render batch sent it again after the page
/// had already carried it. Here the same component is rendered once, statically, and its style elements are served from
/// <c>/theme/{variant}.{hash}.css</c> (fingerprinted, immutable); the layouts link to it (<c>ThemeStyleSheet.razor</c>).
/// </summary>
public sealed partial class ThemeStyleSheets(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    public const string PathPrefix = "/theme/";

    private readonly Lazy<Task<Sheet>> _light = new(() => RenderAsync(scopes, loggers, dark: false));
    private readonly Lazy<Task<Sheet>> _dark = new(() => RenderAsync(scopes, loggers, dark: true));

    /// <summary>One variant: its fingerprinted file name and its CSS (UTF-8), plain and precompressed.</summary>
    public sealed record Sheet(string FileName, string Hash, byte[] Css, byte[] Brotli, byte[] Gzip);

    /// <summary>The sheet of one variant (rendered on first use, then kept).</summary>
    public Task<Sheet> GetAsync(bool dark) => (dark ? _dark : _light).Value;

    /// <summary>The sheet whose fingerprinted file name is <paramref name="fileName"/>, or null.</summary>
    public async Task<Sheet?> FindAsync(string fileName)
    {
        foreach (var dark in new[] { false, true })
        {
            var sheet = await GetAsync(dark);
            if (sheet.FileName == fileName) return sheet;
        }
        return null;
    }

    private static async Task<Sheet> RenderAsync(IServiceScopeFactory scopes, ILoggerFactory loggers, bool dark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = DashboardTheme.Light,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            });
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
            return output.ToHtmlString();
        });
        var css = new StringBuilder();
        foreach (Match style in StyleElement().Matches(html)) css.Append(style.Groups[1].Value.Trim()).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(css.ToString());
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        // Compressed once, at the smallest size, like the build's static files (not on the fly for every response).
        return new Sheet($"{(dark ? "dark" : "light")}.{hash}.css", hash, bytes,
            Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)), Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)));
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output)) stream.Write(bytes);
        return output.ToArray();
    }

    [GeneratedRegex(@"<style[^>]*>(.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();
}

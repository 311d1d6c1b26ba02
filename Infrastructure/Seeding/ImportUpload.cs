using System.IO.Compression;
using Coverage.Domain.Import;
using Coverage.Domain.Text;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// One upload from the import page, saved into a fresh temporary folder (deleted on disposal) under the import's file names.
/// Files are matched by name only — a zip's folders are ignored and its entry paths never joined to the folder, so no entry
/// can be written outside it — and every byte is counted against the caps while it is copied: a file over
/// <see cref="ImportLimits.MaxFileBytes"/> or an upload (a zip's unpacked content included) over
/// <see cref="ImportLimits.MaxUploadBytes"/> is refused however small its header says it is.
/// </summary>
internal sealed class ImportUpload : IImportUpload
{
    /// <summary>The most entries a zip may list (the eight import files, and room for folders and stray files).</summary>
    private const int MaxZipEntries = 64;

    private static readonly Dictionary<string, string> KnownNames =
        SeedDataReader.Files.ToDictionary(f => Path.GetFileName(f), f => f, StringComparer.OrdinalIgnoreCase);

    private readonly ImportLimits _limits;
    private readonly List<string> _files = [];
    private readonly List<string> _uploaded = [];
    private readonly List<SeedProblem> _problems = [];
    private long _total;

    public ImportUpload(ImportLimits limits)
    {
        _limits = limits;
        Folder = Directory.CreateTempSubdirectory("coverage-upload-").FullName;
    }

    public string Folder { get; }
    public IReadOnlyList<string> Files => _files;
    public IReadOnlyList<SeedProblem> Problems => _problems;

    /// <summary>What the audit row names: the uploaded files' names.</summary>
    public string Source => "upload " + string.Join(", ", _uploaded);

    public async Task AddAsync(string fileName, long size, Func<long, Stream> open, CancellationToken ct)
    {
        var name = fileName.Trim();
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            if (await SaveAsync(name, ".upload.zip", size, open, isZip: true, ct) is not { } zip) return;
            try
            {
                await UnzipAsync(name, zip, ct);
            }
            finally
            {
                File.Delete(zip);
            }
            return;
        }
        if (Target(name, name, "file") is not { } file) return;
        if (await SaveAsync(name, file, size, open, isZip: false, ct) is not null) _files.Add(file);
    }

    /// <summary>The import file <paramref name="path"/> is saved as, or null (a problem noted) when it is not one, or a second copy.</summary>
    private string? Target(string upload, string path, string where)
    {
        var name = path.Replace('\\', '/').Split('/')[^1];
        if (!KnownNames.TryGetValue(name, out var file))
        {
            _problems.Add(new SeedProblem(upload, where, $"'{path}' is not an import file; expected {string.Join(", ", KnownNames.Keys)} or a .zip of them"));
            return null;
        }
        if (_files.Contains(file))
        {
            _problems.Add(new SeedProblem(upload, where, $"a second {name}: each import file may be uploaded once"));
            return null;
        }
        return file;
    }

    /// <summary>Copies an upload into the folder under the caps; returns its path, or null with a problem noted.</summary>
    private async Task<string?> SaveAsync(string upload, string file, long size, Func<long, Stream> open, bool isZip, CancellationToken ct)
    {
        // A zip is held to the whole upload's cap (its entries are counted again as they unpack); a file to the smaller of the two.
        var (cap, capName) = Cap(isZip);
        if (size > cap)
        {
            _problems.Add(new SeedProblem(upload, "file", ImportCaps.TooLarge(size, cap, capName)));
            return null;
        }
        var path = Path.Combine(Folder, file);
        try
        {
            await using (var source = new CappedStream(open(cap), cap, capName))
                await CopyAsync(source, path, ct);
            if (!isZip) _total += new FileInfo(path).Length;
            _uploaded.Add(TextRules.Visible(upload));
            return path;
        }
        catch (ImportCapException e)
        {
            File.Delete(path);
            _problems.Add(new SeedProblem(upload, "file", e.Message));
            return null;
        }
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            // The browser's own size check (OpenReadStream's maxAllowedSize) or a broken connection.
            File.Delete(path);
            _problems.Add(new SeedProblem(upload, "file", $"could not be read: {e.Message}"));
            return null;
        }
    }

    private async Task UnzipAsync(string upload, string zip, CancellationToken ct)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(File.OpenRead(zip), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct);
        }
        catch (InvalidDataException e)
        {
            _problems.Add(new SeedProblem(upload, "file", $"not a valid zip file: {e.Message}"));
            return;
        }
        await using (archive)
        {
            if (archive.Entries.Count > MaxZipEntries)
            {
                _problems.Add(new SeedProblem(upload, "file", $"the zip lists {archive.Entries.Count} entries; an import has at most {SeedDataReader.Files.Count} files"));
                return;
            }
            foreach (var entry in archive.Entries)
            {
                var path = entry.FullName;
                var name = path.Replace('\\', '/').Split('/')[^1];
                // Folders, and what archivers add on their own (macOS resource forks, hidden files), are not import files.
                if (name.Length == 0 || name.StartsWith('.') || path.StartsWith("__MACOSX/", StringComparison.Ordinal)) continue;
                if (path.StartsWith('/') || path.StartsWith('\\') || path.Contains(':') || path.Replace('\\', '/').Split('/').Contains(".."))
                {
                    _problems.Add(new SeedProblem(upload, path, "a path that leaves the folder; refused"));
                    continue;
                }
                if (Target(upload, path, path) is not { } file) continue;
                var (cap, capName) = Cap(isZip: false);
                if (entry.Length > cap)
                {
                    _problems.Add(new SeedProblem(upload, path, ImportCaps.TooLarge(entry.Length, cap, capName) + " (unpacked)"));
                    continue;
                }
                var target = Path.Combine(Folder, file);
                try
                {
                    await using (var source = new CappedStream(await entry.OpenAsync(ct), cap, capName))
                        await CopyAsync(source, target, ct);
                    _total += new FileInfo(target).Length;
                    _files.Add(file);
                }
                catch (ImportCapException e)
                {
                    File.Delete(target);
                    _problems.Add(new SeedProblem(upload, path, e.Message + " (unpacked)"));
                }
                catch (InvalidDataException e)
                {
                    File.Delete(target);
                    _problems.Add(new SeedProblem(upload, path, $"cannot be unpacked: {e.Message}"));
                }
            }
        }
    }

    /// <summary>The cap on the next file: what is left of the upload's budget, or the per-file cap when that is smaller.</summary>
    private (long Cap, string Name) Cap(bool isZip)
    {
        var left = Math.Max(0, _limits.MaxUploadBytes - _total);
        return isZip || left < _limits.MaxFileBytes ? (left, nameof(ImportLimits.MaxUploadBytes)) : (_limits.MaxFileBytes, nameof(ImportLimits.MaxFileBytes));
    }

    private static async Task CopyAsync(Stream source, string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await source.CopyToAsync(target, ct);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}

using System.Globalization;
using Coverage.Domain.Import;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// A read-only view of a stream that throws <see cref="ImportCapException"/> as soon as more than <paramref name="cap"/> bytes
/// come through: the count is kept while reading, so a file that grows after its length was checked, a zip entry that unpacks
/// to more than its header says, or an upload that lies about its size is still stopped at the cap.
/// </summary>
internal sealed class CappedStream(Stream inner, long cap, string capName) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > cap) throw new ImportCapException(ImportCaps.TooLarge(null, cap, capName));
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>An import cap was exceeded while reading; <see cref="Exception.Message"/> says which, its value and how to raise it.</summary>
internal sealed class ImportCapException(string reason) : Exception(reason);

/// <summary>The words of the cap messages, written once for the reader, the upload and the streams.</summary>
internal static class ImportCaps
{
    /// <param name="size">The size when known before reading (null: found out while reading).</param>
    public static string TooLarge(long? size, long cap, string capName) =>
        (size is { } s ? $"the file is {Bytes(s)}, more than" : "the file is larger than") +
        $" {ImportLimits.Key(capName)} ({Bytes(cap)}); it was not read. {Capitalised(ImportLimits.HowToRaise(capName))}";

    public static string TooMany(string what, long cap, string capName) =>
        $"more than {N(cap)} {what}, the {ImportLimits.Key(capName)} cap; the rest was not read. " +
        Capitalised(ImportLimits.HowToRaise(capName));

    public static string TooManyVertices(long vertices, long cap) =>
        $"the geometry has {N(vertices)} vertices, more than {ImportLimits.Key(nameof(ImportLimits.MaxVerticesPerPolygon))} ({N(cap)}); " +
        $"the feature was not read. {Capitalised(ImportLimits.HowToRaise(nameof(ImportLimits.MaxVerticesPerPolygon)))}";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => N(bytes) + " bytes";

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}

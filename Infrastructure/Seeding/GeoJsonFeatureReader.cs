using System.Text.Json;

namespace Coverage.Infrastructure.Seeding;

/// <summary>
/// Reads a GeoJSON FeatureCollection from a stream with <see cref="Utf8JsonReader"/>, one member and one feature at a time:
/// only the feature being read is held in memory (as a small <see cref="JsonDocument"/>), never the whole file. Malformed JSON
/// throws <see cref="JsonException"/> with the line it was found on.
/// </summary>
internal sealed class GeoJsonFeatureReader(Stream stream)
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private bool _final, _begun;
    private JsonReaderState _state;

    /// <summary>Calls <paramref name="member"/> for each top-level member but <c>features</c>, and <paramref name="feature"/> for each of
    /// its elements, in file order; either returns false to stop reading. Returns false when the root is not an object or
    /// <c>features</c> is not an array.</summary>
    public bool Read(Func<string, JsonElement, bool> member, Func<JsonElement, bool> feature)
    {
        Fill();
        var reader = NewReader();
        if (!NextToken(ref reader) || reader.TokenType != JsonTokenType.StartObject) return false;
        while (NextToken(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (name != "features")
            {
                using var value = ReadValue(ref reader);
                if (!member(name, value.RootElement)) return true;
                continue;
            }
            if (!NextToken(ref reader) || reader.TokenType != JsonTokenType.StartArray) return false;
            while (true)
            {
                // The end of the array, or the start of a feature to read whole.
                var next = PeekToken(ref reader);
                if (next is null) return true;
                if (next == JsonTokenType.EndArray) { NextToken(ref reader); break; }
                using var element = ReadValue(ref reader);
                if (!feature(element.RootElement)) return true;
            }
        }
        return true;
    }

    /// <summary>The next token, reading more of the stream when the buffer ends inside it; false at the end of the data.</summary>
    private bool NextToken(ref Utf8JsonReader reader)
    {
        while (!reader.Read())
        {
            if (_final) return false;
            Refill(ref reader);
        }
        return true;
    }

    /// <summary>The type of the next token without taking it, reading more of the stream when needed; null at the end of the data.</summary>
    private JsonTokenType? PeekToken(ref Utf8JsonReader reader)
    {
        while (true)
        {
            var probe = reader;
            if (probe.Read()) return probe.TokenType;
            if (_final) return null;
            Refill(ref reader); // the reader has not moved, so it resumes where it was
        }
    }

    /// <summary>The value that follows the reader's position, whole, reading more of the stream until it is complete.</summary>
    private JsonDocument ReadValue(ref Utf8JsonReader reader)
    {
        while (true)
        {
            var probe = reader;
            if (_final)
            {
                // All the data is here: a truncated value throws the reader's own JsonException with its line.
                if (!probe.Read()) throw new JsonException("the file ends where a value was expected");
                var document = JsonDocument.ParseValue(ref probe);
                reader = probe;
                return document;
            }
            if (probe.Read() && probe.TrySkip())
            {
                reader.Read();
                return JsonDocument.ParseValue(ref reader);
            }
            Refill(ref reader);
        }
    }

    /// <summary>Keeps the unread part of the buffer (growing it when the unread part fills it) and reads more of the stream after it.</summary>
    private void Refill(ref Utf8JsonReader reader)
    {
        _state = reader.CurrentState;
        _start += (int)reader.BytesConsumed;
        Fill();
        reader = NewReader();
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _final = true;
        _end += read;
        if (!_begun && (_end >= Utf8Bom.Length || _final))
        {
            _begun = true;
            if (_buffer.AsSpan(0, _end).StartsWith(Utf8Bom)) _start = Utf8Bom.Length;
        }
    }

    private Utf8JsonReader NewReader() => new(_buffer.AsSpan(_start, _end - _start), _final, _state);
}

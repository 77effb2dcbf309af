using System.Text.Json;

namespace Rearank.Core.IO;

/// <summary>Reads the fields of one JSONL record, turning every way it can be wrong into a MalformedRecordException.</summary>
internal readonly struct JsonLine : IDisposable
{
    private readonly JsonDocument document;
    private readonly string path;
    private readonly NumberedLine line;

    private JsonLine(JsonDocument document, string path, NumberedLine line)
    {
        this.document = document;
        this.path = path;
        this.line = line;
    }

    public static JsonLine Parse(string path, NumberedLine line, string expected)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Text);
        }
        catch (JsonException e)
        {
            throw new MalformedRecordException(path, line.Number, $"a JSON object ({expected}): {e.Message}", line.Text, e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new MalformedRecordException(path, line.Number, $"a JSON object ({expected})", line.Text);
        }
        return new JsonLine(document, path, line);
    }

    public bool Has(string name) => document.RootElement.TryGetProperty(name, out _);

    /// <summary>An id field; numbers are accepted too because many tools write numeric ids unquoted.</summary>
    public string RequiredId(string name) =>
        Optional(name, acceptNumber: true) is { Length: > 0 } value
            ? value
            : throw Missing(name, "a non-empty string");

    public string RequiredText(string name) =>
        Optional(name, acceptNumber: false) ?? throw Missing(name, "a string");

    public string? Optional(string name, bool acceptNumber = false)
    {
        if (!document.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when acceptNumber => value.GetRawText(),
            _ => throw new MalformedRecordException(path, line.Number,
                $"field \"{name}\" to be a string{(acceptNumber ? " or a number" : "")}, not {value.ValueKind}", line.Text),
        };
    }

    private MalformedRecordException Missing(string name, string what) =>
        new(path, line.Number, $"field \"{name}\" ({what})", line.Text);

    public void Dispose() => document.Dispose();
}
